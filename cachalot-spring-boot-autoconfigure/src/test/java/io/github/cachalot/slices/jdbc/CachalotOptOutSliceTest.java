package io.github.cachalot.slices.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.ApplicationContext;

import io.github.cachalot.jdbc.CachingDataSource;
import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.spring.CachalotManager;

import static org.assertj.core.api.Assertions.assertThat;

/** A slice test that wants the database without cachalot switches it off as an application does. */
@JdbcTest(properties = "cachalot.enabled=false")
class CachalotOptOutSliceTest {

	@Autowired
	DataSource dataSource;

	@Autowired
	ApplicationContext context;

	@Test
	void nothingIsWrapped() throws Exception {
		assertThat(CachingDataSourceProxy.cachingOf(this.dataSource)).isNull();
		assertThat(this.dataSource.isWrapperFor(CachingDataSource.class)).isFalse();
		assertThat(this.context.getBean(CachalotManager.class).dataSourceNames()).isEmpty();
	}

}
