package io.gridhall.billing.internal.document;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import io.gridhall.identity.PersonalDataVault;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The token a bill's QR code carries, so that anyone holding the paper or the PDF can ask the utility whether the
 * bill is genuine without signing in: {@code <bill id>.<mac>}, where the mac is the first 16 bytes of an HMAC-SHA256
 * over the bill's id, number and total in fen, keyed by the personal data lookup key ({@code
 * gridhall.crypto.lookup-key}, a generated development key in the demo and the tests) under a field name of its own.
 * A bill with another number or total, or a token whose mac was altered, does not verify; the answer never tells
 * which.
 */
@Component
public class BillVerification {

    static final String FIELD = "billing.bill-verification";
    private static final int MAC_BYTES = 16;
    private static final Pattern TOKEN = Pattern.compile("([1-9][0-9]{0,18})\\.([A-Za-z0-9_-]{22})");

    private final PersonalDataVault vault;
    private final Billing billing;

    BillVerification(PersonalDataVault vault, Billing billing) {
        this.vault = vault;
        this.billing = billing;
    }

    /** The token of an issued bill (a bill without a number has none). */
    public String token(BillView bill) {
        if (bill.billNumber() == null) throw new IllegalArgumentException("bill " + bill.id() + " is not issued");
        return bill.id() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(bill));
    }

    /** The bill a token names, when the token is exactly the one its issued bill gets. */
    public Optional<BillView> verify(String token) {
        if (token == null) return Optional.empty();
        var m = TOKEN.matcher(token);
        if (!m.matches()) return Optional.empty();
        byte[] given = token.getBytes(StandardCharsets.US_ASCII);
        // compared as text, so that a base64 character whose unused bits were changed does not pass
        return billing.bill(new BillId(Long.parseLong(m.group(1))))
                .filter(b -> b.billNumber() != null)
                .filter(b -> b.status() == BillStatus.ISSUED || b.status() == BillStatus.REVERSED)
                .filter(b -> MessageDigest.isEqual(token(b).getBytes(StandardCharsets.US_ASCII), given));
    }

    private byte[] mac(BillView bill) {
        String input =
                bill.id().value() + "|" + bill.billNumber() + "|" + bill.total().fen();
        return Arrays.copyOf(vault.lookupHash(input, FIELD), MAC_BYTES);
    }
}
