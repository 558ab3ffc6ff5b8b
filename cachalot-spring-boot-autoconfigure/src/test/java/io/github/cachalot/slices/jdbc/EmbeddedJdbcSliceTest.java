package io.github.cachalot.slices.jdbc;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.github.cachalot.spring.CachingDataSourceProxy;
import io.github.cachalot.slices.SliceTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the slice's default, the embedded database (H2 here) that replaces the application's is
 * wrapped too.
 */
@JdbcTest
class EmbeddedJdbcSliceTest extends SliceTestSupport {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	void theEmbeddedDatabaseIsWrappedAndItsReadsCached() {
		assertThat(CachingDataSourceProxy.cachingOf(this.dataSource)).isNotNull();
		assertThat(CachingDataSourceProxy.cachingOf(this.dataSource).getDelegate()).isInstanceOf(EmbeddedDatabase.class);
		this.jdbc.execute("create table sl_labels (id int primary key, text varchar(20))");
		this.jdbc.update("insert into sl_labels values (1, 'fragile')");
		long hits = statistics().hits();

		assertThat(this.jdbc.queryForObject("select text from sl_labels where id = 1", String.class)).isEqualTo("fragile");
		assertThat(this.jdbc.queryForObject("select text from sl_labels where id = 1", String.class)).isEqualTo("fragile");

		assertThat(statistics().hits() - hits).isEqualTo(1);
	}

}
