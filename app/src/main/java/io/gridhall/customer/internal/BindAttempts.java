package io.gridhall.customer.internal;

import io.gridhall.shared.Throttle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Throttles binding attempts so the six ID-number digits (a million values) cannot be guessed: at most
 * {@value #PER_USER} failures an hour per portal user and {@value #PER_ACCOUNT} per account whose number and name
 * were right, counted by the shared {@link Throttle}. Failures are written in a transaction of their own, so the
 * failing request's rollback keeps them.
 */
@Component
class BindAttempts {

    static final String PURPOSE = "customer.bind";
    static final int PER_USER = 10;
    static final int PER_ACCOUNT = 5;
    static final Duration WINDOW = Duration.ofHours(1);

    private final Throttle throttle;

    BindAttempts(Throttle throttle) {
        this.throttle = throttle;
    }

    /** 429 with the wait when the user, or the account if known, has used up its failures for the hour. */
    void checkAllowed(long userId, Long accountId) {
        throttle.check(PURPOSE, "bind-too-many-attempts", limits(userId, accountId));
    }

    void recordFailure(long userId, Long accountId) {
        throttle.recordSeparately(PURPOSE, limits(userId, accountId));
    }

    private static List<Throttle.Limit> limits(long userId, Long accountId) {
        List<Throttle.Limit> limits = new ArrayList<>(2);
        limits.add(new Throttle.AtMost("user:" + userId, PER_USER, WINDOW));
        if (accountId != null) limits.add(new Throttle.AtMost("account:" + accountId, PER_ACCOUNT, WINDOW));
        return limits;
    }
}
