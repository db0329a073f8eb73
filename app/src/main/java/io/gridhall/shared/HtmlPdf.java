package io.gridhall.shared;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.slf4j.Slf4jLogger;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Printed documents (bills, payment receipts) as A4 PDF: an XHTML template on the class path filled by Thymeleaf with
 * one object named {@code s}, laid out by openhtmltopdf on PDFBox, in a CJK font from a TrueType collection (a subset
 * embedded, so the file stands alone). Templates name the font as the family {@value #FONT_FAMILY}.
 */
public final class HtmlPdf {

    /** The CSS font family a template sets its text in. */
    public static final String FONT_FAMILY = "document";

    static {
        XRLog.setLoggerImpl(new Slf4jLogger());
    }

    private final Path font;
    private final String fontName;
    private final String fontSetting;
    private final TemplateEngine templates;

    /**
     * @param templateFolder the class path folder of the templates, for example {@code billing/}
     * @param font a TrueType collection with the CJK glyphs (Debian {@code fonts-wqy-zenhei}); PDFBox cannot embed
     *     CFF-outline fonts such as Noto CJK
     * @param fontName the font's PostScript name inside the collection
     * @param fontSetting the setting that names the font, for the message when it is missing
     */
    public HtmlPdf(String templateFolder, Path font, String fontName, String fontSetting) {
        this.font = font;
        this.fontName = fontName;
        this.fontSetting = fontSetting;
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix(templateFolder);
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        this.templates = new TemplateEngine();
        templates.setTemplateResolver(resolver);
    }

    /** The filled template, XHTML. */
    public String html(String template, Object sheet) {
        Context context = new Context();
        context.setVariable("s", sheet);
        return templates.process(template, context);
    }

    /**
     * @param title the PDF's title (document information)
     * @param author the PDF's author, the utility
     */
    public byte[] render(String template, Object sheet, String title, String author) {
        String html = html(template, sheet);
        if (!Files.isReadable(font))
            throw new IllegalStateException("The document font " + font
                    + " is missing: install the fonts-wqy-zenhei package or set " + fontSetting);
        // the collection is opened per document: PDFBox's font objects are not safe to share between threads
        try (TrueTypeCollection collection = new TrueTypeCollection(font.toFile());
                PDDocument document = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024)) {
            TrueTypeFont ttf = collection.getFontByName(fontName);
            if (ttf == null)
                throw new IllegalStateException("The font collection " + font + " has no font named " + fontName);
            PDType0Font pdFont = PDType0Font.load(document, ttf, true);
            document.getDocumentInformation().setTitle(title);
            document.getDocumentInformation().setAuthor(author);
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
            throw new UncheckedIOException("Cannot render " + title, e);
        }
    }
}
