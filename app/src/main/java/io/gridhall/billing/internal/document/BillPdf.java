package io.gridhall.billing.internal.document;

import io.gridhall.shared.DocumentSettings;
import io.gridhall.shared.HtmlPdf;

/**
 * Sets a {@link BillSheet} as an A4 PDF: the HTML template {@code billing/bill.html}, printed by {@link HtmlPdf} in the
 * CJK font from the settings.
 */
public class BillPdf {

    private final HtmlPdf pdf;

    public BillPdf(DocumentSettings settings) {
        this.pdf = settings.pdf("billing/");
    }

    /** The filled template, XHTML. */
    String html(BillSheet sheet) {
        return pdf.html("bill", sheet);
    }

    public byte[] render(BillSheet sheet) {
        return pdf.render("bill", sheet, sheet.title() + " " + sheet.billNumber(), sheet.utilityName());
    }
}
