package io.github.cachalot.sample;

import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** With the {@code redis} profile, Spring's caching is on and backed by Redis, which cachalot then uses. */
@Configuration(proxyBeanMethods = false)
@Profile("redis")
@EnableCaching
class RedisCaching {

}
