package io.gridhall.shared;

import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The public pages that tell whether a printed bill or receipt is genuine answer anyone without signing in, so each
 * source address may ask at most {@code gridhall.verification.max-per-address} times within {@code window}, bills
 * and receipts together (the shared {@link Throttle}); beyond that a lookup is 429 {@code verify-too-many-requests}
 * with the seconds to wait. Every lookup counts, genuine or not: a person scanning a pile of paper asks a few times a
 * minute, a script hammering the database many times a second.
 */
@Component
public class VerificationLookups {

    static final String PURPOSE = "public.verify";

    private final Throttle throttle;
    private final int perAddress;
    private final Duration window;

    VerificationLookups(
            Throttle throttle,
            @Value("${gridhall.verification.max-per-address:120}") int perAddress,
            @Value("${gridhall.verification.window:10m}") Duration window) {
        this.throttle = throttle;
        this.perAddress = perAddress;
        this.window = window;
    }

    /** Counts a lookup from this address, or answers 429 when the address has used up its lookups. */
    public void admit(String clientIp) {
        var limits = List.of(new Throttle.AtMost(Throttle.address(clientIp), perAddress, window));
        throttle.check(PURPOSE, "verify-too-many-requests", limits);
        throttle.record(PURPOSE, limits);
    }
}
