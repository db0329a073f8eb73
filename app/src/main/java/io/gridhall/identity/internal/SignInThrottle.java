package io.gridhall.identity.internal;

import io.gridhall.identity.PersonalDataVault;
import io.gridhall.shared.Throttle;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Growing delays after failed staff sign-ins, counted by the shared {@link Throttle} so they hold across nodes and
 * restarts. There is no lockout: a delay never exceeds its cap, and the tightest one applies to a username <em>from
 * one source address</em>, so an attacker elsewhere cannot keep the real person out. Three limits apply, each over
 * the last hour:
 *
 * <ul>
 *   <li>a username from one address: {@value #PAIR_FREE} free failures, then 1 s doubling up to 15 minutes;
 *   <li>a source address over all usernames: {@value #IP_FREE} free failures, then 1 s doubling up to 15 minutes;
 *   <li>a username over all addresses (a distributed guess): {@value #USERNAME_FREE} free failures, then 1 s
 *       doubling up to one minute, so a victim waits at most that long.
 * </ul>
 *
 * Unknown usernames count exactly like known ones; the key is an HMAC of the typed name, not the name.
 */
@Component
class SignInThrottle {

    static final String PURPOSE = "identity.staff-sign-in";
    static final int PAIR_FREE = 3;
    static final int IP_FREE = 20;
    static final int USERNAME_FREE = 10;
    static final Duration WINDOW = Duration.ofHours(1);
    static final Duration LONG_CAP = Duration.ofMinutes(15);
    static final Duration USERNAME_CAP = Duration.ofMinutes(1);

    private final Throttle throttle;
    private final PersonalDataVault vault;

    SignInThrottle(Throttle throttle, PersonalDataVault vault) {
        this.throttle = throttle;
        this.vault = vault;
    }

    /** The key of a typed username: case and surrounding spaces do not make another name. */
    byte[] key(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return vault.lookupHash(name, "identity.staff_sign_in.username");
    }

    /**
     * Serialises attempts on one username from one address for the rest of the transaction, so parallel guesses
     * cannot slip between the check and the count.
     */
    void serialise(byte[] key, String clientIp) {
        throttle.serialise(PURPOSE, pair(key, clientIp));
    }

    /** How long the caller must still wait before this attempt is even looked at; zero when it may go ahead. */
    Duration wait(byte[] key, String clientIp) {
        return throttle.wait(PURPOSE, limits(key, clientIp));
    }

    /** Counts a failure in the caller's transaction, which commits it before the failure is answered. */
    void failed(byte[] key, String clientIp) {
        throttle.record(PURPOSE, limits(key, clientIp));
    }

    /** A full sign-in from this address clears that username's failures from it. */
    void succeeded(byte[] key, String clientIp) {
        throttle.forget(PURPOSE, pair(key, clientIp));
    }

    private static List<Throttle.Limit> limits(byte[] key, String clientIp) {
        return List.of(
                new Throttle.Growing(pair(key, clientIp), PAIR_FREE, WINDOW, LONG_CAP),
                new Throttle.Growing(Throttle.address(clientIp), IP_FREE, WINDOW, LONG_CAP),
                new Throttle.Growing(username(key), USERNAME_FREE, WINDOW, USERNAME_CAP));
    }

    private static String username(byte[] key) {
        return "name:" + HexFormat.of().formatHex(key);
    }

    private static String pair(byte[] key, String clientIp) {
        return username(key) + " " + Throttle.address(clientIp);
    }
}
