package io.gridhall.payment.internal;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What a printed receipt says about the utility and the font it is set in: the same settings as printed bills
 * ({@code gridhall.billing.document.*}), so that a utility names itself once.
 */
@Component
public class ReceiptSettings {

    private final Path font;
    private final String fontName;
    private final String utilityName;
    private final String hotline;
    private final String publicUrl;

    ReceiptSettings(
            @Value("${gridhall.billing.document.font:/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc}") Path font,
            @Value("${gridhall.billing.document.font-name:WenQuanYiZenHei}") String fontName,
            @Value("${gridhall.billing.document.utility-name:GridHall 供电服务}") String utilityName,
            @Value("${gridhall.billing.document.hotline:95598}") String hotline,
            @Value("${gridhall.billing.document.public-url:}") String publicUrl) {
        this.font = font;
        this.fontName = fontName;
        this.utilityName = utilityName;
        this.hotline = hotline;
        this.publicUrl = publicUrl;
    }

    public Path font() {
        return font;
    }

    public String fontName() {
        return fontName;
    }

    public String utilityName() {
        return utilityName;
    }

    public String hotline() {
        return hotline;
    }

    public String publicUrl() {
        return publicUrl;
    }
}
