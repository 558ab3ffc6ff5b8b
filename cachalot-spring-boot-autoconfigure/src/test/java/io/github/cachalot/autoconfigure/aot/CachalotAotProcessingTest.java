package io.github.cachalot.autoconfigure.aot;

import java.sql.DatabaseMetaData;

import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

import io.github.cachalot.autoconfigure.CachalotAutoConfiguration;
import io.github.cachalot.spring.CachalotOverride;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's ahead-of-time processing of an application with cachalot: the auto-configuration
 * brings cachalot's runtime hints ({@code @ImportRuntimeHints}), and the methods of beans marked
 * {@link CachalotOverride} are kept for reflection. The sample app's AOT test starts such an
 * application from the generated code.
 */
class CachalotAotProcessingTest {

	@Test
	void processingAnApplicationWithCachalotRegistersItsHints() throws Exception {
		DefaultGenerationContext generation = process(true);
		RuntimeHints hints = generation.getRuntimeHints();

		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation("org.postgresql.core.BaseConnection",
				"getTransactionState")).accepts(hints);
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(DatabaseMetaData.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Reports.class, "slowReport"))
			.as("@CachalotOverride is @Reflective")
			.accepts(hints);
		assertThat(generation.getGeneratedFiles() instanceof InMemoryGeneratedFiles files
				&& files.getGeneratedFiles(GeneratedFiles.Kind.SOURCE).keySet().stream()
					.anyMatch((path) -> path.contains("CachalotAutoConfiguration__BeanDefinitions")))
			.as("bean definitions generated for cachalot's auto-configuration")
			.isTrue();
	}

	@Test
	void cachalotSwitchedOffAtBuildTimeBringsNoHints() throws Exception {
		RuntimeHints hints = process(false).getRuntimeHints();

		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(DatabaseMetaData.class)).rejects(hints);
	}

	private static DefaultGenerationContext process(boolean enabled) {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			TestPropertyValues.of("spring.datasource.url=jdbc:h2:mem:aot;DB_CLOSE_DELAY=-1",
					"cachalot.enabled=" + enabled).applyTo(context);
			context.register(Shop.class);
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(Shop.class)), new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			generation.writeGeneratedContent();
			return generation;
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, CachalotAutoConfiguration.class })
	static class Shop {

		@Bean
		Reports reports() {
			return new Reports();
		}

	}

	static class Reports {

		@CachalotOverride("enabled=false")
		public String slowReport() {
			return "report";
		}

	}

}
