package io.gridhall.payment.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The gateways' cryptography with the JDK alone: SHA256withRSA (WeChat Pay's RSA-SHA256, Alipay's RSA2) over UTF-8
 * text, Base64 signatures, keys as PEM or bare Base64 (PKCS#8 private, X.509 public), and AES-256-GCM (WeChat Pay's
 * AEAD_AES_256_GCM for notification resources).
 */
final class Signatures {

    private Signatures() {}

    static String sign(PrivateKey key, String text) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the configured key", e);
        }
    }

    /** False for any signature that does not verify, including one that is not Base64 or not of the key's size. */
    static boolean verify(PublicKey key, byte[] message, String signature) {
        if (signature == null || signature.isEmpty() || signature.length() > 1024) return false;
        try {
            byte[] raw = Base64.getDecoder().decode(signature);
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(message);
            return s.verify(raw);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    static boolean verify(PublicKey key, String message, String signature) {
        return verify(key, message.getBytes(StandardCharsets.UTF_8), signature);
    }

    static PrivateKey privateKey(String pemOrBase64) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pemOrBase64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("not an RSA private key in PKCS#8 (PEM or Base64)", e);
        }
    }

    static PublicKey publicKey(String pemOrBase64) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pemOrBase64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("not an RSA public key in X.509 (PEM or Base64)", e);
        }
    }

    static String pem(java.security.Key key) {
        String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String text) {
        String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    static KeyPair newRsaKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** AEAD_AES_256_GCM as WeChat Pay uses it: a 12-byte nonce as text, associated data as text, a 128-bit tag. */
    static byte[] decryptGcm(byte[] key, String nonce, String associatedData, String ciphertextBase64)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
        if (associatedData != null) c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return c.doFinal(Base64.getDecoder().decode(ciphertextBase64));
    }

    static String encryptGcm(byte[] key, String nonce, String associatedData, byte[] plain) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
            if (associatedData != null) c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(c.doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-1 of bytes in hex (WeChat Pay's digest of a bill file; not used for anything that needs collision resistance). */
    static String sha1Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
