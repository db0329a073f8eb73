package io.gridhall.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicktheories.generators.Generate;

class TotpTests {

    static final byte[] SEED_SHA1 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SEED_SHA256 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SEED_SHA512 =
            "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238, Appendix B. */
    @ParameterizedTest
    @CsvSource({
        "59, 94287082, 46119246, 90693936",
        "1111111109, 07081804, 68084774, 25091201",
        "1111111111, 14050471, 67062674, 99943326",
        "1234567890, 89005924, 91819424, 93441116",
        "2000000000, 69279037, 90698825, 38618901",
        "20000000000, 65353130, 77737706, 47863826"
    })
    void matchesTheRfc6238TestVectors(long time, String sha1, String sha256, String sha512) {
        long step = Totp.step(Instant.ofEpochSecond(time));
        assertThat(Totp.code("HmacSHA1", SEED_SHA1, step, 8)).isEqualTo(sha1);
        assertThat(Totp.code("HmacSHA256", SEED_SHA256, step, 8)).isEqualTo(sha256);
        assertThat(Totp.code("HmacSHA512", SEED_SHA512, step, 8)).isEqualTo(sha512);
    }

    @Test
    void sixDigitCodesAreTheLastSixOfTheRfcValues() {
        String secret = Base32.encode(SEED_SHA1);
        assertThat(Totp.code(secret, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
    }

    @Test
    void acceptsOneStepOfDriftEitherWayAndNeverAUsedStep() {
        String secret = Base32.encode(SEED_SHA1);
        Instant now = Instant.ofEpochSecond(1_234_567_890);
        long step = Totp.step(now);
        assertThat(Totp.match(secret, Totp.code(secret, step - 1), now, 0)).hasValue(step - 1);
        assertThat(Totp.match(secret, Totp.code(secret, step + 1), now, 0)).hasValue(step + 1);
        assertThat(Totp.match(secret, Totp.code(secret, step - 2), now, 0)).isEmpty();
        assertThat(Totp.match(secret, Totp.code(secret, step), now, step)).isEmpty();
        assertThat(Totp.match(secret, "12345", now, 0)).isEmpty();
        assertThat(Totp.match(secret, null, now, 0)).isEmpty();
    }

    @Test
    void base32RoundTrips() {
        qt().forAll(Generate.byteArrays(
                        integers().between(0, 64), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)))
                .checkAssert(data -> {
                    assertThat(Base32.decode(Base32.encode(data))).isEqualTo(data);
                    assertThat(Base32.decode(Base32.encode(data).toLowerCase())).isEqualTo(data);
                });
    }

    @Test
    void base32MatchesRfc4648() {
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Base32.decode("MZXW6YTBOI======"), StandardCharsets.US_ASCII))
                .isEqualTo("foobar");
    }
}
