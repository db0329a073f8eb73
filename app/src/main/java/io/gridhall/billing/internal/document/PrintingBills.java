package io.gridhall.billing.internal.document;

import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.grid.BranchView;
import io.gridhall.grid.Grid;
import io.gridhall.shared.DocumentSettings;
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
    private final DocumentSettings document;
    private final BillDocumentSettings settings;
    private final BillPdf pdf;

    PrintingBills(
            Billing billing,
            Customers customers,
            Grid grid,
            BillVerification verification,
            DocumentSettings document,
            BillDocumentSettings settings) {
        this.billing = billing;
        this.customers = customers;
        this.grid = grid;
        this.verification = verification;
        this.document = document;
        this.settings = settings;
        this.pdf = new BillPdf(document);
    }

    /**
     * @param bill an issued (or since reversed) bill
     * @param requestBaseUrl the address the request came to, used when {@code gridhall.document.public-url}
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
        String verifyUrl = document.publicAddress(requestBaseUrl, VERIFY_PATH + verification.token(bill));
        return pdf.render(BillSheet.of(
                bill,
                account,
                branchName,
                corrected,
                document,
                settings,
                verifyUrl,
                io.gridhall.shared.QrCodes.dataUri(verifyUrl)));
    }
}
