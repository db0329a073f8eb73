package io.gridhall.identity.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 time-based one-time passwords: 30 s steps, HMAC-SHA1, 6 digits, one step of drift either way. */
final class Totp {

    static final int STEP_SECONDS = 30;
    static final int DIGITS = 6;
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    private static final SecureRandom random = new SecureRandom();

    private Totp() {}

    static String newSecret() {
        byte[] key = new byte[20];
        random.nextBytes(key);
        return Base32.encode(key);
    }

    static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    static String code(String base32Secret, long step) {
        return code("HmacSHA1", Base32.decode(base32Secret), step, DIGITS);
    }

    /** RFC 6238 section 4 / RFC 4226 section 5.3 (dynamic truncation). */
    static String code(String algorithm, byte[] key, long step, int digits) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, "RAW"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = h[h.length - 1] & 0x0f;
            int binary = ((h[offset] & 0x7f) << 24)
                    | ((h[offset + 1] & 0xff) << 16)
                    | ((h[offset + 2] & 0xff) << 8)
                    | (h[offset + 3] & 0xff);
            String otp = Integer.toString(binary % POWERS[digits]);
            return "0".repeat(digits - otp.length()) + otp;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The step the code belongs to, if it matches the current step or one either side and is later than
     * {@code lastUsedStep}: a code, once used, never works again.
     */
    static OptionalLong match(String base32Secret, String code, Instant now, long lastUsedStep) {
        if (code == null || !code.matches("\\d{6}")) return OptionalLong.empty();
        long current = step(now);
        for (long s = current - 1; s <= current + 1; s++) {
            if (s > lastUsedStep && constantTimeEquals(code(base32Secret, s), code)) return OptionalLong.of(s);
        }
        return OptionalLong.empty();
    }

    private static boolean constantTimeEquals(String a, String b) {
        return java.security.MessageDigest.isEqual(a.getBytes(), b.getBytes());
    }
}
