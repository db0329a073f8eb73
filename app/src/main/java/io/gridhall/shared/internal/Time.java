package io.gridhall.shared.internal;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one clock of the platform: domain code asks it, never {@code now()} (an architecture rule). */
@Configuration(proxyBeanMethods = false)
class Time {

    @Bean
    @ConditionalOnMissingBean
    Clock clock(@Value("${gridhall.time-zone:Asia/Shanghai}") String zone) {
        return Clock.system(ZoneId.of(zone));
    }
}
