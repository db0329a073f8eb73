package io.gridhall.payment.internal;

import io.gridhall.shared.Problem;
import io.gridhall.shared.Throttle;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Throttles voucher redemptions so codes cannot be guessed at speed, as binding attempts and service passwords are
 * throttled (the shared {@link Throttle}): at most {@code gridhall.payment.vouchers.max-failures} refused codes
 * (unknown, used or expired) per user and {@code max-failures-per-ip} per source address within
 * {@code failure-window}; beyond that every attempt is 429 {@code voucher-too-many-attempts} with the seconds to wait,
 * before any code is looked at. Failures are written in a transaction of their own, so the refused request's rollback
 * keeps them. Neither the code nor its hash is kept.
 */
@Component
public class VoucherAttempts {

    static final String PURPOSE = "payment.voucher";

    private final Throttle throttle;
    private final int perUser;
    private final int perIp;
    private final Duration window;

    VoucherAttempts(
            Throttle throttle,
            @Value("${gridhall.payment.vouchers.max-failures:10}") int perUser,
            @Value("${gridhall.payment.vouchers.max-failures-per-ip:30}") int perIp,
            @Value("${gridhall.payment.vouchers.failure-window:1h}") Duration window) {
        if (perUser < 1 || perIp < 1 || window.isNegative() || window.isZero())
            throw new IllegalArgumentException("voucher attempt limits must be positive");
        this.throttle = throttle;
        this.perUser = perUser;
        this.perIp = perIp;
        this.window = window;
    }

    /** 429 with the wait when the user or the address has used up its failures within the window. */
    public void checkAllowed(long userId, String clientIp) {
        throttle.check(PURPOSE, "voucher-too-many-attempts", limits(userId, clientIp));
    }

    /** Whether a refusal of a redemption is one that counts: a code that is unknown, used or expired. */
    public static boolean counts(Problem refused) {
        return switch (refused.code()) {
            case "voucher-used", "voucher-expired" -> true;
            case "not-found" ->
                "voucher"
                        .equals(
                                refused.getBody().getProperties() == null
                                        ? null
                                        : refused.getBody().getProperties().get("object"));
            default -> false;
        };
    }

    public void recordFailure(long userId, String clientIp) {
        throttle.recordSeparately(PURPOSE, limits(userId, clientIp));
    }

    private List<Throttle.Limit> limits(long userId, String clientIp) {
        return List.of(
                new Throttle.AtMost("user:" + userId, perUser, window),
                new Throttle.AtMost(Throttle.address(clientIp), perIp, window));
    }
}
