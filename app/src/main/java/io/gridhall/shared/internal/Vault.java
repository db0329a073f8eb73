package io.gridhall.shared.internal;

import io.gridhall.shared.PersonalDataVault;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The keys for personal data: a keyset file beside the data (demo, tests) or mounted from a secret store. */
@Configuration(proxyBeanMethods = false)
class Vault {

    @Bean
    PersonalDataVault personalDataVault(@Value("${gridhall.vault.keyset-file}") String file) {
        return PersonalDataVault.fromKeysetFile(Path.of(file));
    }
}
