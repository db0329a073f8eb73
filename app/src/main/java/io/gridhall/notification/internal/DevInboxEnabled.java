package io.gridhall.notification.internal;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The dev inbox exists only in the demo profile or with {@code gridhall.dev-inbox.enabled=true}. */
public class DevInboxEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var env = context.getEnvironment();
        return env.matchesProfiles("demo") || env.getProperty("gridhall.dev-inbox.enabled", Boolean.class, false);
    }
}
