package io.gridhall.notification.internal;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether {@code gridhall.sms.aliyun} has its key, secret and signature (blank counts as missing, so an
 * empty environment variable does not create a provider that cannot sign).
 */
class SmsProviderConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return settings(context).aliyun().configured();
    }

    static SmsSettings settings(ConditionContext context) {
        return Binder.get(context.getEnvironment()).bindOrCreate("gridhall.sms", SmsSettings.class);
    }

    /** The opposite: the demo and the tests simulate SMS unless a real provider is configured. */
    static class Absent implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !settings(context).aliyun().configured();
        }
    }
}
