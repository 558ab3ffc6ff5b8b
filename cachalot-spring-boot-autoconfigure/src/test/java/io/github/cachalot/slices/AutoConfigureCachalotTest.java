package io.github.cachalot.slices;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import io.github.cachalot.autoconfigure.test.AutoConfigureCachalot;
import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.spring.CachalotManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AutoConfigureCachalot} adds cachalot to a test context that has only the auto-configurations
 * it names (as a slice that leaves cachalot out would).
 */
@SpringBootTest(classes = AutoConfigureCachalotTest.DataSourceOnly.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "spring.datasource.url=jdbc:h2:mem:autoconfigure-cachalot;DB_CLOSE_DELAY=-1")
@AutoConfigureCachalot
class AutoConfigureCachalotTest {

	@Autowired
	DataSource dataSource;

	@Autowired
	CachalotManager cachalot;

	@Test
	void theAnnotationBringsCachalot() {
		assertThat(CachingDataSourceProxy.cachingOf(this.dataSource)).isNotNull();
		assertThat(this.cachalot.dataSourceNames()).containsExactly("dataSource");
	}

	@Test
	void withoutItTheSameContextHasNoCachalot() {
		new ApplicationContextRunner().withUserConfiguration(DataSourceOnly.class)
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:without-cachalot;DB_CLOSE_DELAY=-1")
			.run((context) -> assertThat(context).hasSingleBean(DataSource.class)
				.doesNotHaveBean(CachalotManager.class)
				.getBean(DataSource.class)
				.isNotInstanceOf(CachingDataSource.class));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DataSourceAutoConfiguration.class)
	static class DataSourceOnly {

	}

}
