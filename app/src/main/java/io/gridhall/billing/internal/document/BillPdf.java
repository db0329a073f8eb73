package io.gridhall.billing.internal.document;

import io.gridhall.shared.HtmlPdf;

/**
 * Sets a {@link BillSheet} as an A4 PDF: the HTML template {@code billing/bill.html}, printed by {@link HtmlPdf} in the
 * CJK font from the settings.
 */
public class BillPdf {

    private final HtmlPdf pdf;

    public BillPdf(BillDocumentSettings settings) {
        this.pdf = new HtmlPdf("billing/", settings.font(), settings.fontName(), "gridhall.billing.document.font");
    }

    /** The filled template, XHTML. */
    String html(BillSheet sheet) {
        return pdf.html("bill", sheet);
    }

    public byte[] render(BillSheet sheet) {
        return pdf.render("bill", sheet, sheet.title() + " " + sheet.billNumber(), sheet.utilityName());
    }
}
