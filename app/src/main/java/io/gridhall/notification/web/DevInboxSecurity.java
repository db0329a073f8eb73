package io.gridhall.notification.web;

import io.gridhall.notification.internal.DevInboxEnabled;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Opens the dev inbox (read-only) to anonymous callers, only where the dev inbox exists at all. */
@Configuration(proxyBeanMethods = false)
@Conditional(DevInboxEnabled.class)
class DevInboxSecurity {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain devInboxWithoutSignIn(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/v1/dev/inbox")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable());
        return http.build();
    }
}
