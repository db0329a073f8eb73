package io.gridhall.payment.internal;

import io.gridhall.shared.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The tax authority's electronic invoice platform (全面数字化的电子发票, 数电票) as the utility reaches it: through 乐企
 * direct connection or a tax service provider's (税控服务商) API (ADR 0021). Issuing is asynchronous: a request is
 * taken under our serial number (流水号) and issued later; a query by the same number says how it stands. The same
 * number sent again is the same request there, so a request whose answer was lost is simply sent again.
 */
interface TaxPlatform {

    /** Our tax id at the platform (销售方纳税人识别号). */
    String sellerTaxId();

    /**
     * Hands a blue or red invoice to the platform.
     *
     * @return ACCEPTED (issued later: ask with {@link #query}) or REFUSED with the platform's reason
     * @throws GatewayTimeout when the platform does not answer: it may or may not have taken the request
     */
    Status submit(Request request);

    /**
     * How a request stands.
     *
     * @return NOT_FOUND when the platform never took it (it may be sent again under the same number)
     * @throws GatewayTimeout when the platform does not answer
     */
    Status query(String requestNumber);

    /** The buyer (购买方, the invoice's 抬头): a person's name, or a company's name and tax id. */
    record Buyer(IssuingInvoices.BuyerType type, String name, String taxId) {}

    record Line(String name, String taxCode, BigDecimal taxRate, Money total, Money net, Money tax) {}

    /**
     * @param originalNumber for a red invoice, the blue invoice's number it cancels; null for blue
     * @param reason for a red invoice, why (开具红字发票原因)
     */
    record Request(
            String requestNumber,
            IssuingInvoices.Kind kind,
            Buyer buyer,
            List<Line> lines,
            Money total,
            Money net,
            Money tax,
            String originalNumber,
            String reason) {

        public Request {
            lines = List.copyOf(lines);
        }
    }

    enum State {
        ACCEPTED,
        PENDING,
        ISSUED,
        REFUSED,
        NOT_FOUND
    }

    /**
     * What the platform says; number, time and files set when ISSUED, the reason when REFUSED.
     *
     * @param invoiceNumber the 20-digit invoice number (发票号码)
     */
    record Status(
            State state,
            String requestNumber,
            String invoiceNumber,
            Instant issuedAt,
            byte[] pdf,
            String xml,
            String reason) {

        static Status of(State state, String requestNumber) {
            return new Status(state, requestNumber, null, null, null, null, null);
        }

        static Status refused(String requestNumber, String reason) {
            return new Status(State.REFUSED, requestNumber, null, null, null, null, reason);
        }
    }
}
