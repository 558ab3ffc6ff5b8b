package io.github.cachalot.sample;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may do what, the setup to copy: the Actuator endpoints can be read by anyone (the dashboard
 * reads {@code GET /actuator/cachalot}; health details only for admins), but every write operation,
 * such as {@code POST /actuator/cachalot}, which flushes the cache, needs a user with the
 * {@value #ACTUATOR_ADMIN} role, over HTTP Basic:
 *
 * <pre>
 * curl -u admin:$PASSWORD -X POST -H 'Content-Type: application/json' localhost:8080/actuator/cachalot
 * </pre>
 *
 * The user is Spring Boot's single in-memory one ({@code spring.security.user.*} in
 * {@code application.yml}); its password is not in the repository: set
 * {@code SPRING_SECURITY_USER_PASSWORD}, or Spring Boot generates one at startup and logs it. A
 * real application would take its users from its identity provider and give the role to its
 * operators. Where no one needs to invalidate over HTTP, leave Spring Security out and set
 * {@code management.endpoint.cachalot.access=read-only} instead.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** The role that may use Actuator's write operations. */
	static final String ACTUATOR_ADMIN = "ACTUATOR_ADMIN";

	@Bean
	@Order(1)
	SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
		return http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(EndpointRequest.toAnyEndpoint().withHttpMethod(HttpMethod.GET))
				.permitAll()
				.anyRequest()
				.hasRole(ACTUATOR_ADMIN))
			.httpBasic(Customizer.withDefaults())
			// scripts, not browser sessions: no session cookie to ride on; and a cross-site form cannot
			// send the JSON that a write operation requires
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain shopSecurity(HttpSecurity http) throws Exception {
		// the sample shop has no accounts: its pages and API are open to all, and without a login there
		// is nothing a forged request could borrow (a real shop authenticates and keeps CSRF protection);
		// the statements of the last requests (SQL included) only for the machine the shop runs on, as
		// django-debug-toolbar shows its panels only to INTERNAL_IPS
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/activity/**")
				.access(SecurityConfiguration::fromThisMachine)
				.anyRequest()
				.permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	private static AuthorizationDecision fromThisMachine(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		try {
			// an address literal: no name is looked up
			return new AuthorizationDecision(
					InetAddress.getByName(context.getRequest().getRemoteAddr()).isLoopbackAddress());
		}
		catch (UnknownHostException ex) {
			return new AuthorizationDecision(false);
		}
	}

}
