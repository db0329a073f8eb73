package io.gridhall.billing.internal.document;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import io.gridhall.identity.PersonalDataVault;
import io.gridhall.shared.VerificationTokens;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The token a bill's QR code carries, so that anyone holding the paper or the PDF can ask the utility whether the
 * bill is genuine without signing in ({@link VerificationTokens}): {@code <bill id>.<mac>}, where the mac is the first
 * 16 bytes of an HMAC-SHA256
 * over the bill's id, number and total in fen, keyed by the personal data lookup key ({@code
 * gridhall.crypto.lookup-key}, a generated development key in the demo and the tests) under a field name of its own.
 * A bill with another number or total, or a token whose mac was altered, does not verify; the answer never tells
 * which.
 */
@Component
public class BillVerification {

    static final String FIELD = "billing.bill-verification";

    private final PersonalDataVault vault;
    private final Billing billing;

    BillVerification(PersonalDataVault vault, Billing billing) {
        this.vault = vault;
        this.billing = billing;
    }

    /** The token of an issued bill (a bill without a number has none). */
    public String token(BillView bill) {
        if (bill.billNumber() == null) throw new IllegalArgumentException("bill " + bill.id() + " is not issued");
        return VerificationTokens.of(mac(bill), bill.id().value());
    }

    /** The bill a token names, when the token is exactly the one its issued bill gets. */
    public Optional<BillView> verify(String token) {
        return VerificationTokens.ids(token, 1)
                .flatMap(ids -> billing.bill(new BillId(ids[0])))
                .filter(b -> b.billNumber() != null)
                .filter(b -> b.status() == BillStatus.ISSUED || b.status() == BillStatus.REVERSED)
                .filter(b -> VerificationTokens.same(token(b), token));
    }

    private byte[] mac(BillView bill) {
        String input =
                bill.id().value() + "|" + bill.billNumber() + "|" + bill.total().fen();
        return vault.lookupHash(input, FIELD);
    }
}
