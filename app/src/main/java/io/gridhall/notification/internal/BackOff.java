package io.gridhall.notification.internal;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential back-off with "equal jitter": after attempt n the wait is between half and all of
 * {@code first * 2^(n-1)} (capped at {@code max}), so nodes that failed together do not retry together.
 */
record BackOff(Duration first, Duration max, Random random) {

    BackOff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < first <= max");
        }
    }

    /** The longest wait after the given attempt (1 = the first attempt failed). */
    Duration ceiling(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 40));
        long millis = first.toMillis();
        for (int i = 0; i < doublings && millis < max.toMillis(); i++) millis = Math.multiplyExact(millis, 2);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    Duration delay(int attempt) {
        long ceiling = ceiling(attempt).toMillis();
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }
}
