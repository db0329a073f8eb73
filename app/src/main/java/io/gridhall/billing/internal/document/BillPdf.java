package io.gridhall.billing.internal.document;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.slf4j.Slf4jLogger;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Sets a {@link BillSheet} as an A4 PDF: the HTML template {@code billing/bill.html} filled by Thymeleaf, laid out
 * by openhtmltopdf on PDFBox, in the CJK font from the settings (a subset embedded, so the file stands alone).
 */
public class BillPdf {

    private static final String FONT_FAMILY = "bill";

    static {
        XRLog.setLoggerImpl(new Slf4jLogger());
    }

    private final BillDocumentSettings settings;
    private final TemplateEngine templates;

    public BillPdf(BillDocumentSettings settings) {
        this.settings = settings;
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("billing/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        this.templates = new TemplateEngine();
        templates.setTemplateResolver(resolver);
    }

    /** The filled template, XHTML. */
    String html(BillSheet sheet) {
        Context context = new Context();
        context.setVariable("s", sheet);
        return templates.process("bill", context);
    }

    public byte[] render(BillSheet sheet) {
        String html = html(sheet);
        if (!Files.isReadable(settings.font()))
            throw new IllegalStateException("The bill font " + settings.font()
                    + " is missing: install the fonts-wqy-zenhei package or set gridhall.billing.document.font");
        // the collection is opened per document: PDFBox's font objects are not safe to share between threads
        try (TrueTypeCollection collection =
                        new TrueTypeCollection(settings.font().toFile());
                PDDocument document = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024)) {
            TrueTypeFont font = collection.getFontByName(settings.fontName());
            if (font == null)
                throw new IllegalStateException(
                        "The font collection " + settings.font() + " has no font named " + settings.fontName());
            PDType0Font pdFont = PDType0Font.load(document, font, true);
            document.getDocumentInformation().setTitle(sheet.title() + " " + sheet.billNumber());
            document.getDocumentInformation().setAuthor(sheet.utilityName());
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.usePDDocument(document);
            builder.useFont(new PDFontSupplier(pdFont), FONT_FAMILY, 400, FontStyle.NORMAL, true);
            builder.withHtmlContent(html, null);
            builder.withProducer("GridHall");
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot render bill " + sheet.billNumber(), e);
        }
    }
}
