package io.github.cachalot.autoconfigure.endpoint;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.testsupport.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code cachalot} endpoint is an MBean like every Actuator endpoint when JMX is on and the
 * endpoint is exposed over it: scripts can read the report and invalidate through it.
 */
class CachalotEndpointJmxTest {

	private static final TestDatabases DATABASE = TestDatabases.POSTGRESQL;

	private final String domain = "cachalot.test." + UUID.randomUUID().toString().substring(0, 8);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JmxAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, CachalotAutoConfiguration.class, EndpointAutoConfiguration.class,
				JmxEndpointAutoConfiguration.class, CachalotEndpointAutoConfiguration.class))
		.withPropertyValues(DATABASE.springProperties())
		.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=cachalot",
				"management.endpoints.jmx.domain=" + this.domain);

	@BeforeEach
	void createTable() {
		DATABASE.execute("drop table if exists ep_jmx", "create table ep_jmx (id int primary key, name varchar(20))",
				"insert into ep_jmx values (1, 'one')");
	}

	@Test
	@SuppressWarnings("unchecked")
	void reportsOverJmx() throws Exception {
		this.runner.run((context) -> {
			readName(context.getBean(JdbcTemplate.class));

			Map<String, Object> report = (Map<String, Object>) mbeanServer().invoke(cachalotMBean(), "cachalot",
					new Object[0], new String[0]);

			assertThat(report).containsKeys("settings", "dataSources");
			assertThat((Map<String, Object>) report.get("dataSources")).containsOnlyKeys("dataSource");
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void invalidatesOverJmx() throws Exception {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			readName(jdbc);
			DATABASE.execute("update ep_jmx set name = 'restored' where id = 1");

			List<Map<String, Object>> done = (List<Map<String, Object>>) mbeanServer().invoke(cachalotMBean(),
					"invalidate", new Object[] { "dataSource", "ep_jmx" },
					new String[] { String.class.getName(), String.class.getName() });

			assertThat(done).singleElement()
				.isEqualTo(Map.of("dataSource", "dataSource", "allTables", false, "tables", List.of("ep_jmx"),
						"tookEffect", true));
			assertThat(readName(jdbc)).isEqualTo("restored");
		});
	}

	@Test
	void isNotAnMBeanUnlessExposedOverJmx() {
		this.runner.withPropertyValues("management.endpoints.jmx.exposure.include=health")
			.run((context) -> assertThat(mbeanServer().queryNames(new ObjectName(this.domain + ":*"), null))
				.noneMatch((name) -> "Cachalot".equals(name.getKeyProperty("name"))));
	}

	private ObjectName cachalotMBean() throws Exception {
		return new ObjectName(this.domain + ":type=Endpoint,name=Cachalot");
	}

	private static MBeanServer mbeanServer() {
		return ManagementFactory.getPlatformMBeanServer();
	}

	private static String readName(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select name from ep_jmx where id = ?", String.class, 1);
	}

}
