package io.gridhall.identity.internal;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Argon2id for staff passwords and service passwords. The defaults follow OWASP (19 MiB, 2 passes);
 * the tests lower the memory so a hundred hashes stay fast.
 */
@Configuration(proxyBeanMethods = false)
class PasswordHashing {

    @Bean
    PasswordEncoder passwordEncoder(
            @Value("${gridhall.identity.argon2.memory-kib:19456}") int memoryKib,
            @Value("${gridhall.identity.argon2.iterations:2}") int iterations) {
        return new Argon2PasswordEncoder(16, 32, 1, memoryKib, iterations);
    }
}
