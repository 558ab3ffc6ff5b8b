package io.github.cachalot.slices.jpa;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** What {@code @DataJpaTest} finds above the JPA slice tests: its package holds the entity and repository. */
@SpringBootConfiguration
@EnableAutoConfiguration
class JpaSliceApplication {

}
