package io.gridhall.notification.internal;

import java.util.Random;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationSettings.class)
class NotificationConfiguration {

    @Bean
    BackOff backOff(NotificationSettings settings) {
        return new BackOff(settings.dispatch().firstRetry(), settings.dispatch().maxRetry(), new Random());
    }
}
