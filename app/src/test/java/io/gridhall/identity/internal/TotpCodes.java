package io.gridhall.identity.internal;

import java.time.Instant;

/** Test access to the TOTP generator, as an authenticator app would compute it. */
public final class TotpCodes {

    private TotpCodes() {}

    public static String at(String base32Secret, Instant when) {
        return Totp.code(base32Secret, Totp.step(when));
    }
}
