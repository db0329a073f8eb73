package io.gridhall.billing.internal.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.billing.BillView;
import io.gridhall.billing.Bills;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.BranchId;
import io.gridhall.shared.DocumentSettings;
import io.gridhall.shared.QrImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class BillPdfTests {

    static final BranchId BRANCH = new BranchId(11);
    static final SupplyAccountView ACCOUNT = new SupplyAccountView(
            501,
            "3301000123",
            77,
            CustomerClass.RESIDENTIAL,
            "张三丰",
            "浙江省杭州市西湖区文三路123号5幢201室",
            BRANCH,
            "RESIDENTIAL_TIERED",
            "ACTIVE",
            LocalDate.of(2019, 3, 1));
    static final DocumentSettings DOCUMENT = new DocumentSettings(
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), "WenQuanYiZenHei", "示范市供电公司", "95598", "");
    static final BillDocumentSettings SETTINGS = new BillDocumentSettings(
            List.of("本门户“缴费”页，支持微信支付、支付宝", "各营业厅柜台"), "逾期未缴清的，自逾期之日起每日按欠费总额的千分之一加收电费违约金。", "逾期未缴清的，每日按千分之二加收电费违约金。");
    static final String VERIFY = "https://portal.example.cn/api/v1/billing/verify/9001.AAAAAAAAAAAAAAAAAAAAAA";

    final BillPdf pdf = new BillPdf(DOCUMENT);

    static BillSheet sheet(BillView bill, String correctedNumber) {
        return BillSheet.of(
                bill,
                ACCOUNT,
                "西湖供电所",
                correctedNumber,
                DOCUMENT,
                SETTINGS,
                VERIFY,
                io.gridhall.shared.QrCodes.dataUri(VERIFY));
    }

    static String text(byte[] bytes) throws Exception {
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            return stripper.getText(doc);
        }
    }

    static void keep(String name, byte[] bytes) throws Exception {
        Path dir = Path.of("target", "bill-documents");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }

    @Test
    void printsTheAccountTheReadsEachLineWithItsExplanationAndTheTotalInFiguresAndWords() throws Exception {
        BillView bill = Bills.aResidentialTouBill(9001, 501, "3301000123", BRANCH);
        byte[] bytes = pdf.render(sheet(bill, null));
        keep("regular.pdf", bytes);

        String text = text(bytes);
        assertThat(text)
                .contains("示范市供电公司", "电费账单", "2026110000009001", "出账日期", "2026-12-03")
                .contains("3301000123", "张**", "浙江省杭州市西湖区****201室", "西湖供电所")
                .contains("2026年11月1日 至 2026年11月30日", "居民生活用电（阶梯）")
                .contains("¥138.80", "人民币壹佰叁拾捌元捌角整", "300 千瓦时", "2026-12-25")
                .contains("3300012345678", "正向有功总", "12345.67", "12645.67", "费率2（峰）", "8180.12")
                .contains("实抄", "实抄 / 估算")
                .contains("高峰时段电费", "180", "0.5680 元/千瓦时", "102.24")
                .contains("低谷时段电费", "34.56", "第二档加价", "2.00")
                .contains("180 kWh × 0.568000 = 102.24", "2720 + 300 - 2760 = 40 kWh", "(8180.12 - 8000.12) × 1")
                .contains("本期部分示数为估算", "千分之一", "微信支付", VERIFY.substring(0, 40));
        assertThat(text).doesNotContain("张三丰", "文三路", "null");
    }

    @Test
    void embedsOnlyASubsetOfTheFontSoTheFileStaysSmall() throws Exception {
        byte[] bytes = pdf.render(sheet(Bills.aResidentialTouBill(9001, 501, "3301000123", BRANCH), null));
        assertThat(bytes.length).isLessThan(300_000);
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            var resources = doc.getPage(0).getResources();
            for (var name : resources.getFontNames()) {
                PDFont font = resources.getFont(name);
                assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                assertThat(font.getName()).contains("WenQuanYiZenHei");
            }
        }
    }

    @Test
    void aReversalSaysWhichBillItCancelsWhyAndWhoAsked() throws Exception {
        BillView bill = Bills.aResidentialTouBill(9001, 501, "3301000123", BRANCH);
        BillView reversal = Bills.reversalOf(bill, 9002, "表计倍率录入错误，应为 1", "李会计");
        byte[] bytes = pdf.render(sheet(reversal, bill.billNumber()));
        keep("reversal.pdf", bytes);

        String text = text(bytes);
        assertThat(text)
                .contains("电费冲正单", "冲正（冲销原账单）")
                .contains("本单冲销已开具的账单（账单编号 2026110000009001）", "表计倍率录入错误，应为 1", "李会计")
                .contains("本单冲减电费", "-¥138.80", "人民币负壹佰叁拾捌元捌角整", "-102.24", "本单无需缴费")
                .doesNotContain("缴费截止日期", "违约金");
    }

    @Test
    void theQrCodeReadsBackAsTheVerificationAddress() {
        assertThat(QrImages.read(QrImages.image(io.gridhall.shared.QrCodes.dataUri(VERIFY))))
                .isEqualTo(VERIFY);
    }

    @Test
    void textFromTheBillIsEscapedNotInterpreted() throws Exception {
        BillView bill = Bills.aResidentialTouBill(9001, 501, "3301000123", BRANCH);
        BillView reversal = Bills.reversalOf(bill, 9003, "<b>&amp; \"引号\" 'x'</b>", "王<script>");
        String html = pdf.html(sheet(reversal, bill.billNumber()));
        assertThat(html).doesNotContain("<b>&amp;", "<script>").contains("&lt;b&gt;&amp;amp;");
        assertThat(text(pdf.render(sheet(reversal, bill.billNumber())))).contains("<b>&amp; \"引号\" 'x'</b>");
    }

    @Test
    void aMissingFontIsReportedByName() {
        DocumentSettings noFont = new DocumentSettings(Path.of("/nonexistent/font.ttc"), "X", "u", "1", "");
        BillView bill = Bills.aResidentialTouBill(9001, 501, "3301000123", BRANCH);
        assertThatThrownBy(() -> new BillPdf(noFont).render(sheet(bill, null)))
                .hasMessageContaining("/nonexistent/font.ttc")
                .hasMessageContaining("fonts-wqy-zenhei");
    }
}
