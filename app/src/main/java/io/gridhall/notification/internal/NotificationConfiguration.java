package io.gridhall.notification.internal;

import java.time.Clock;
import java.util.Random;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({NotificationSettings.class, SmsSettings.class})
class NotificationConfiguration {

    @Bean
    BackOff backOff(NotificationSettings settings) {
        return new BackOff(settings.dispatch().firstRetry(), settings.dispatch().maxRetry(), new Random());
    }

    /** The real SMS provider, once its key, secret and signature are set (in any profile). */
    @Bean
    @Conditional(SmsProviderConfigured.class)
    AliyunSmsGateway aliyunSmsGateway(SmsSettings settings, Clock clock) {
        return new AliyunSmsGateway(settings.aliyun(), clock);
    }
}
