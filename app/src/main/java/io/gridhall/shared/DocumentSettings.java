package io.gridhall.shared;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gridhall.document.*}: what every printed document (a bill, a payment receipt) says about the utility, the
 * font it is set in, and where its QR code leads. A utility names itself once, for every module that prints.
 *
 * @param font a TrueType collection with the CJK glyphs (Debian {@code fonts-wqy-zenhei}); PDFBox cannot embed
 *     CFF-outline fonts such as Noto CJK
 * @param fontName the font's PostScript name inside the collection
 * @param utilityName the utility's name in the document's head
 * @param hotline the service telephone number printed on the document
 * @param publicUrl the address customers reach the portal at, for the QR code (for example {@code
 *     https://www.example-power.cn}); empty: the address the request for the PDF came to
 */
@ConfigurationProperties("gridhall.document")
public record DocumentSettings(
        @DefaultValue("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
        Path font,

        @DefaultValue("WenQuanYiZenHei") String fontName,
        @DefaultValue("GridHall 供电服务") String utilityName,
        @DefaultValue("95598") String hotline,
        @DefaultValue("") String publicUrl) {

    /** A printer of this module's templates ({@code templateFolder}, such as {@code "billing/"}) in this font. */
    public HtmlPdf pdf(String templateFolder) {
        return new HtmlPdf(templateFolder, font, fontName, "gridhall.document.font");
    }

    /**
     * The address a QR code leads to: {@link #publicUrl()}, or the address the request came to when it is not set,
     * then {@code path}.
     */
    public String publicAddress(String requestBaseUrl, String path) {
        String base = publicUrl.isBlank() ? requestBaseUrl : publicUrl;
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
