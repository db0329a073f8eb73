package io.gridhall.payment.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The collection agents' signatures (ADR 0020): HMAC-SHA256 with the agent's own key over {@code
 * agentCode\ntimestamp\nnonce\n} followed by the raw body, lower-case hex. Requests and answers are signed alike.
 */
final class AgentSignatures {

    private AgentSignatures() {}

    static String sign(byte[] key, String agentCode, String timestamp, String nonce, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((agentCode + "\n" + timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean verify(byte[] key, String agentCode, String timestamp, String nonce, byte[] body, String signature) {
        if (signature == null || !signature.matches("[0-9a-f]{64}")) return false;
        byte[] expected = sign(key, agentCode, timestamp, nonce, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** The first 8 bytes of the key's SHA-256, hex: shown to people instead of the key. */
    static String fingerprint(byte[] key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
