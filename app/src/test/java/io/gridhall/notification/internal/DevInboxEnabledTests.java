package io.gridhall.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.mock.env.MockEnvironment;

class DevInboxEnabledTests {

    @Test
    void isOnInTheDemoProfileOrWhenSwitchedOnAndOffOtherwise() {
        assertThat(enabled(new MockEnvironment())).isFalse();
        assertThat(enabled(new MockEnvironment().withProperty("gridhall.dev-inbox.enabled", "false")))
                .isFalse();
        assertThat(enabled(new MockEnvironment().withProperty("gridhall.dev-inbox.enabled", "true")))
                .isTrue();
        MockEnvironment demo = new MockEnvironment();
        demo.setActiveProfiles("demo");
        assertThat(enabled(demo)).isTrue();
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("prod");
        assertThat(enabled(production)).isFalse();
    }

    private static boolean enabled(MockEnvironment environment) {
        ConditionContext context = mock(ConditionContext.class);
        when(context.getEnvironment()).thenReturn(environment);
        return new DevInboxEnabled().matches(context, null);
    }
}
