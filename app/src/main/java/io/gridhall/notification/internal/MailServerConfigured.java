package io.gridhall.notification.internal;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether {@code spring.mail.host} names a mail server (blank counts as missing, so an empty environment
 * variable does not create a channel that cannot send).
 */
class MailServerConfigured implements Condition {

    static final String PROPERTY = "spring.mail.host";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String host = context.getEnvironment().getProperty(PROPERTY);
        return host != null && !host.isBlank();
    }

    /** The opposite: the demo and the tests simulate e-mail unless a mail server is configured. */
    static class Absent implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !new MailServerConfigured().matches(context, metadata);
        }
    }
}
