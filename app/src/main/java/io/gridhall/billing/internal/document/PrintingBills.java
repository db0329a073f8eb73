package io.gridhall.billing.internal.document;

import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.grid.BranchView;
import io.gridhall.grid.Grid;
import org.springframework.stereotype.Component;

/** Prints an issued bill as PDF, with the QR code that verifies it. */
@Component
public class PrintingBills {

    /** Where a bill's QR code leads, below the public address. */
    public static final String VERIFY_PATH = "/api/v1/billing/verify/";

    private final Billing billing;
    private final Customers customers;
    private final Grid grid;
    private final BillVerification verification;
    private final BillDocumentSettings settings;
    private final BillPdf pdf;

    PrintingBills(
            Billing billing,
            Customers customers,
            Grid grid,
            BillVerification verification,
            BillDocumentSettings settings) {
        this.billing = billing;
        this.customers = customers;
        this.grid = grid;
        this.verification = verification;
        this.settings = settings;
        this.pdf = new BillPdf(settings);
    }

    /**
     * @param bill an issued (or since reversed) bill
     * @param requestBaseUrl the address the request came to, used when {@code gridhall.billing.document.public-url}
     *     is not set
     */
    public byte[] pdf(BillView bill, String requestBaseUrl) {
        SupplyAccountView account = customers
                .account(bill.supplyAccountId())
                .orElseThrow(() -> new IllegalStateException("bill " + bill.id() + " names an unknown account"));
        String branchName = grid.branch(bill.branchId()).map(BranchView::name).orElse("");
        String corrected = bill.reverses() == null
                ? null
                : billing.bill(bill.reverses())
                        .map(BillView::billNumber)
                        .orElse(bill.reverses().toString());
        String base = settings.publicUrl().isBlank() ? requestBaseUrl : settings.publicUrl();
        String verifyUrl = stripSlash(base) + VERIFY_PATH + verification.token(bill);
        return pdf.render(BillSheet.of(
                bill,
                account,
                branchName,
                corrected,
                settings,
                verifyUrl,
                io.gridhall.shared.QrCodes.dataUri(verifyUrl)));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
