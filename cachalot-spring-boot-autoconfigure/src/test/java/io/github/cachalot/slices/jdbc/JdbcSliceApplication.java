package io.github.cachalot.slices.jdbc;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** What the JDBC slice tests find above them: its package holds the Spring Data JDBC aggregate. */
@SpringBootConfiguration
@EnableAutoConfiguration
class JdbcSliceApplication {

}
