package io.gridhall.identity.internal;

import io.gridhall.identity.Audit;
import io.gridhall.identity.Permission;
import io.gridhall.shared.Problem;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Session cookies for the portal and console (sessions live in PostgreSQL through Spring Session
 * JDBC), CSRF on every change, the API closed by default. Refusals are problem details like every
 * other error: 401 {@code not-signed-in} or {@code session-expired}, 403 {@code csrf-invalid}.
 *
 * <p>The CSRF token is kept in the session, so a token is good only for the session it was handed to
 * ({@code GET /api/v1/auth/csrf}); a cookie or header planted from elsewhere proves nothing. Metrics and
 * the API description need {@link Permission#MONITORING} (a staff session or the
 * scrape token, see {@link MonitoringToken}) unless {@code gridhall.web.open-monitoring} is set, as in
 * the demo. Health stays open to load balancers, its details only for monitoring.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurity {

    /** What the two Vite-built front ends need: own scripts only; Element Plus, Vant and ECharts set inline styles. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
                    + " img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none';"
                    + " base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    static final String CSRF_HEADER = "X-XSRF-TOKEN";

    static HttpSessionCsrfTokenRepository csrfTokens() {
        HttpSessionCsrfTokenRepository tokens = new HttpSessionCsrfTokenRepository();
        tokens.setHeaderName(CSRF_HEADER);
        tokens.setSessionAttributeName(SignedInSessions.CSRF_TOKEN);
        return tokens;
    }

    /**
     * The session cookie carries {@code Secure}: always when {@code gridhall.web.secure-cookies} is on (the
     * default), otherwise when the request came over TLS (directly, or as the proxy's X-Forwarded-Proto says).
     */
    @Bean
    DefaultCookieSerializerCustomizer secureSessionCookie(
            @Value("${gridhall.web.secure-cookies:true}") boolean secureCookies) {
        return serializer -> {
            if (secureCookies) serializer.setUseSecureCookie(true);
        };
    }

    /** The same for the servlet container's own session cookie, should sessions ever be kept there. */
    @Bean
    ServletContextInitializer secureContainerCookie(
            @Value("${gridhall.web.secure-cookies:true}") boolean secureCookies) {
        return context -> {
            if (secureCookies) context.getSessionCookieConfig().setSecure(true);
        };
    }

    /**
     * No observation per filter and per authorisation decision: with a metrics registry present Spring Security wraps
     * each of its filters in an observation of its own, which cost about a tenth of a signed-in portal request's CPU
     * (issue #8). Requests are still measured as a whole ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    SecurityFilterChain api(
            HttpSecurity http,
            SecurityContextRepository contexts,
            Clock clock,
            Audit audit,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems,
            @Value("${gridhall.web.open-monitoring:false}") boolean openMonitoring,
            @Value("${gridhall.monitoring.token:}") String monitoringToken)
            throws Exception {
        http.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        // payment gateways' server-to-server notifications carry no session; each is verified by
                        // the gateway's signature on its raw bytes instead (ADR 0016); so do the collection agents'
                        // requests, signed with each agent's key (ADR 0020)
                        .ignoringRequestMatchers(
                                "/api/v1/public/payment/notifications/*", "/api/v1/public/payment/agents/*"))
                .securityContext(c -> c.securityContextRepository(contexts))
                .addFilterAfter(new SessionTimeouts(clock, audit), SecurityContextHolderFilter.class)
                .addFilterBefore(new MonitoringToken(monitoringToken), AnonymousAuthenticationFilter.class)
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(p -> p.policy(PERMISSIONS_POLICY)))
                .authorizeHttpRequests(auth -> {
                    auth.requestMatchers("/api/v1/auth/**", "/api/v1/public/**", "/api/v1/legal/**")
                            .permitAll()
                            // anyone holding a printed bill may check it is genuine (its QR code leads here)
                            .requestMatchers(HttpMethod.GET, "/api/v1/billing/verify/*")
                            .permitAll()
                            // dev inbox and demo TOTP codes: mapped only in the demo (or with the dev inbox on);
                            // elsewhere a plain 404
                            .requestMatchers("/api/v1/dev/**")
                            .permitAll()
                            // load balancers probe these; details only for monitoring
                            // (management.endpoint.health.roles)
                            .requestMatchers("/actuator/health", "/actuator/health/**")
                            .permitAll();
                    var monitoringPaths = auth.requestMatchers("/actuator/**", "/v3/api-docs", "/v3/api-docs/**");
                    if (openMonitoring) monitoringPaths.permitAll();
                    else monitoringPaths.hasAuthority(Permission.MONITORING.name());
                    auth.requestMatchers("/api/**").authenticated().anyRequest().permitAll();
                })
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> problems.resolveException(
                                request,
                                response,
                                null,
                                new Problem(
                                        HttpStatus.UNAUTHORIZED,
                                        request.getAttribute(SignedInSessions.EXPIRED) != null
                                                ? "session-expired"
                                                : "not-signed-in")))
                        .accessDeniedHandler((request, response, ex) -> problems.resolveException(
                                request,
                                response,
                                null,
                                ex instanceof CsrfException
                                        ? Problem.forbidden("csrf-invalid")
                                        : Problem.forbidden("access-denied"))))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable());
        return http.build();
    }
}
