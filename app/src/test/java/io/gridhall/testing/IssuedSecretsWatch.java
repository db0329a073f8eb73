package io.gridhall.testing;

import io.gridhall.notification.Channel;
import io.gridhall.notification.internal.ChannelAdapter;
import io.gridhall.notification.internal.Outgoing;
import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Test-only: tells {@link LogLeaks} every code and password handed to the SMS and e-mail channels in any
 * test context, so the scan at the end of the suite can look for each of them in the logs.
 */
@AutoConfiguration
public class IssuedSecretsWatch {

    @Bean
    static BeanPostProcessor issuedSecretsWatch() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof ChannelAdapter adapter
                        && (adapter.channel() == Channel.SMS || adapter.channel() == Channel.EMAIL)) {
                    return new Watching(adapter);
                }
                return bean;
            }
        };
    }

    /** Records the secret parameters of every message, then hands it on unchanged. */
    record Watching(ChannelAdapter adapter) implements ChannelAdapter {

        @Override
        public Channel channel() {
            return adapter.channel();
        }

        @Override
        public boolean carries(String template) {
            return adapter.carries(template);
        }

        @Override
        public String provider() {
            return adapter.provider();
        }

        @Override
        public String deliver(Outgoing message) {
            record(message.parameters());
            return adapter.deliver(message);
        }
    }

    /** The values of parameters named like a code or password. */
    public static void record(Map<String, String> parameters) {
        parameters.forEach((name, value) -> {
            String n = name.toLowerCase(java.util.Locale.ROOT);
            if (n.contains("code") || n.contains("password") || n.contains("otp")) LogLeaks.issued(value);
        });
    }
}
