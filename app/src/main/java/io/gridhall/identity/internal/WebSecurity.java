package io.gridhall.identity.internal;

import io.gridhall.identity.Audit;
import io.gridhall.shared.Problem;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Session cookies for the portal and console (sessions live in PostgreSQL through Spring Session
 * JDBC), CSRF on every change, the API closed by default. Refusals are problem details like every
 * other error: 401 {@code not-signed-in} or {@code session-expired}, 403 {@code csrf-invalid}.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurity {

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
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems)
            throws Exception {
        http.csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
                .securityContext(c -> c.securityContextRepository(contexts))
                .addFilterAfter(new SessionTimeouts(clock, audit), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(auth -> auth.requestMatchers("/api/v1/auth/**", "/api/v1/public/**")
                        .permitAll()
                        // dev inbox and demo TOTP codes: mapped only in the demo (or with the dev inbox on); elsewhere
                        // a plain 404
                        .requestMatchers("/api/v1/dev/**")
                        .permitAll()
                        .requestMatchers("/actuator/health/**", "/v3/api-docs/**")
                        .permitAll()
                        .requestMatchers("/api/**")
                        .authenticated()
                        .anyRequest()
                        .permitAll())
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
