package io.gridhall.payment.internal;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.PersonalDataVault;
import io.gridhall.payment.Gateway;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PostingKind;
import io.gridhall.payment.PostingView;
import io.gridhall.shared.DocumentSettings;
import io.gridhall.shared.HtmlPdf;
import io.gridhall.shared.Money;
import io.gridhall.shared.QrCodes;
import io.gridhall.shared.VerificationTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Payment receipts (电费缴费凭证, PAY-11): one account's part of a payment or top-up posting as PDF, with a QR code
 * that lets anyone holding it ask whether the utility received the money as printed, without signing in. The token
 * ({@link VerificationTokens}, {@code <posting id>-<account id>.<mac>}) is an HMAC over the posting, the account and
 * the amount, keyed by the personal data lookup key under a field name of its own; a token for another account or
 * amount, or an altered one, does not verify.
 */
@Component
public class PrintingReceipts {

    /** Where a receipt's QR code leads, below the public address. */
    public static final String VERIFY_PATH = "/api/v1/public/payment/receipts/";

    static final String FIELD = "payment.receipt-verification";

    /** What the QR code answers: the receipt as the ledger holds it; {@code reversedAt} set when it was reversed. */
    public record Verified(
            String receiptNumber,
            PaymentChannel channel,
            Gateway gateway,
            String accountNumber,
            Money amount,
            Instant paidAt,
            boolean reversed,
            Instant reversedAt) {}

    private final Ledger ledger;
    private final Customers customers;
    private final PersonalDataVault vault;
    private final DocumentSettings settings;
    private final Clock clock;
    private final HtmlPdf pdf;

    PrintingReceipts(
            Ledger ledger, Customers customers, PersonalDataVault vault, DocumentSettings settings, Clock clock) {
        this.ledger = ledger;
        this.customers = customers;
        this.vault = vault;
        this.settings = settings;
        this.clock = clock;
        this.pdf = settings.pdf("payment/");
    }

    /** The payment posting, when it gives this account a receipt (money received for it). */
    public Optional<PostingView> receiptPosting(long postingId, long accountId) {
        return ledger.posting(postingId)
                .filter(p -> p.kind() == PostingKind.PAYMENT || p.kind() == PostingKind.TOP_UP)
                .filter(p -> p.channel() != null)
                .filter(p -> ReceiptSheet.Part.of(p, accountId).amount().fen() > 0);
    }

    /**
     * @param p a posting {@link #receiptPosting} answered for this account
     * @param requestBaseUrl the address the request came to, used when {@code gridhall.document.public-url}
     *     is not set
     */
    public byte[] pdf(PostingView p, SupplyAccountView account, String requestBaseUrl) {
        ReceiptSheet.Part part = ReceiptSheet.Part.of(p, account.id());
        String verifyUrl =
                settings.publicAddress(requestBaseUrl, VERIFY_PATH + token(p.postingId(), account.id(), part.amount()));
        ReceiptSheet sheet = ReceiptSheet.of(
                p,
                account,
                ledger.reversalOf(p.postingId()).orElse(null),
                settings,
                clock.getZone(),
                verifyUrl,
                QrCodes.dataUri(verifyUrl));
        return pdf.render("receipt", sheet, "电费缴费凭证 " + sheet.receiptNumber(), settings.utilityName());
    }

    /** The receipt a token names, when the token is exactly the one its receipt carries. */
    public Optional<Verified> verify(String token) {
        return VerificationTokens.ids(token, 2).flatMap(ids -> {
            long postingId = ids[0];
            long accountId = ids[1];
            return receiptPosting(postingId, accountId).flatMap(p -> {
                Money amount = ReceiptSheet.Part.of(p, accountId).amount();
                if (!VerificationTokens.same(token(postingId, accountId, amount), token)) return Optional.empty();
                Optional<PostingView> reversal = ledger.reversalOf(postingId);
                return customers
                        .account(accountId)
                        .map(a -> new Verified(
                                ReceiptSheet.receiptNumber(p),
                                p.channel(),
                                p.gateway(),
                                a.accountNumber(),
                                amount,
                                p.postedAt(),
                                reversal.isPresent(),
                                reversal.map(PostingView::postedAt).orElse(null)));
            });
        });
    }

    String token(long postingId, long accountId, Money amount) {
        String input = postingId + "|" + accountId + "|" + amount.fen();
        return VerificationTokens.of(vault.lookupHash(input, FIELD), postingId, accountId);
    }
}
