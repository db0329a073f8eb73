package io.gridhall.billing.internal.document;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gridhall.billing.document.*}: what every printed bill says about the utility, and the font it is set in.
 *
 * @param font a TrueType collection with the CJK glyphs (Debian {@code fonts-wqy-zenhei}); PDFBox cannot embed
 *     CFF-outline fonts such as Noto CJK
 * @param fontName the font's PostScript name inside the collection
 * @param utilityName the utility's name in the bill's head
 * @param hotline the service telephone number printed on the bill
 * @param publicUrl the address customers reach the portal at, for the QR code (for example {@code
 *     https://www.example-power.cn}); empty: the address the request for the PDF came to
 * @param payment the ways to pay, one line each
 * @param lateFeeResidential the late-payment note for residential customers
 * @param lateFeeOther the late-payment note for everyone else
 */
@ConfigurationProperties("gridhall.billing.document")
public record BillDocumentSettings(
        @DefaultValue("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
        Path font,

        @DefaultValue("WenQuanYiZenHei") String fontName,
        @DefaultValue("GridHall 供电服务") String utilityName,
        @DefaultValue("95598") String hotline,
        @DefaultValue("") String publicUrl,

        @DefaultValue({"本门户或手机 App 的“缴费”页，支持微信支付、支付宝", "各营业厅柜台、自助缴费终端", "银行代扣：携户号和银行卡到营业厅签约"})
        List<String> payment,

        @DefaultValue("逾期未缴清的，自逾期之日起每日按欠费总额的千分之一加收电费违约金。") String lateFeeResidential,

        @DefaultValue("逾期未缴清的，自逾期之日起每日按当年欠费部分的千分之二、跨年度欠费部分的千分之三加收电费违约金。")
        String lateFeeOther) {

    public BillDocumentSettings {
        payment = List.copyOf(payment);
    }
}
