package io.gridhall.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tokens the QR codes of printed documents carry (a bill, a payment receipt), so that anyone holding the paper can
 * ask the utility whether it is genuine without signing in: {@code <id>.<mac>} (or {@code <id>-<id>.<mac>} for a
 * document named by two ids, a receipt's posting and account), the mac the first 16 bytes of an HMAC the owning module
 * computes over the ids and the facts the document prints (with a key of its own), in unpadded base64url. A token whose id or mac was altered does not verify; the answer never tells which.
 */
public final class VerificationTokens {

    private static final int MAC_BYTES = 16;
    private static final Pattern TOKEN =
            Pattern.compile("([1-9][0-9]{0,18}(?:-[1-9][0-9]{0,18})*)\\.[A-Za-z0-9_-]{22}");

    private VerificationTokens() {}

    /** The token of the document with these ids (positive), from the HMAC over its facts. */
    public static String of(byte[] hmac, long... ids) {
        if (hmac.length < MAC_BYTES) throw new IllegalArgumentException("an HMAC has at least 16 bytes");
        if (ids.length == 0) throw new IllegalArgumentException("a token names a document");
        StringBuilder out = new StringBuilder();
        for (long id : ids) {
            if (id <= 0) throw new IllegalArgumentException("ids are positive");
            if (!out.isEmpty()) out.append('-');
            out.append(id);
        }
        return out.append('.')
                .append(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hmac, MAC_BYTES)))
                .toString();
    }

    /** The ids a well-formed token names, exactly {@code count} of them; empty for anything else. */
    public static Optional<long[]> ids(String token, int count) {
        if (token == null) return Optional.empty();
        var m = TOKEN.matcher(token);
        if (!m.matches()) return Optional.empty();
        String[] parts = m.group(1).split("-");
        if (parts.length != count) return Optional.empty();
        long[] ids = new long[count];
        try {
            for (int i = 0; i < count; i++) ids[i] = Long.parseLong(parts[i]);
        } catch (NumberFormatException e) {
            return Optional.empty(); // more than a long holds
        }
        return Optional.of(ids);
    }

    /**
     * Whether the given token is exactly the expected one, in constant time; compared as text, so that a base64
     * character whose unused bits were changed does not pass.
     */
    public static boolean same(String expected, String given) {
        return given != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }
}
