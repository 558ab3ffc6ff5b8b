package io.github.cachalot.backends;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import io.github.cachalot.testsupport.RedisServer;

/**
 * Redis behind Spring's RedisCacheManager ({@code spring.cache.type=redis}): each context gets a
 * redis-server of its own on a free port, stopped when the context closes.
 */
public final class RedisBackend {

	private RedisBackend() {
	}

	/** Configures the runner for a RedisCacheManager on a new redis-server per context. */
	public static ApplicationContextRunner configure(ApplicationContextRunner runner) {
		return runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.cache.type=redis", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.timeout=2s")
			.withInitializer((context) -> {
				RedisServer server = RedisServer.start();
				// registered first, so destroyed last: after the connection factory is closed
				((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("backendRedisServer",
						server::close);
				TestPropertyValues.of("spring.data.redis.port=" + server.port()).applyTo(context);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

}
