package io.gridhall.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The QR codes printed on bills and receipts, and shown by the cashier, carry their text and a standard border. */
class QrCodesTests {

    @Test
    void everyVerificationLinkIsReadBackFromItsImage() {
        qt().withExamples(300)
                .forAll(
                        integers().between(1, 120),
                        strings().betweenCodePoints('-', 'z').ofLengthBetween(20, 160))
                .checkAssert((port, token) -> {
                    String url = "https://hall.example.cn:" + (8000 + port) + "/verify/" + token;
                    assertThat(QrImages.read(QrImages.image(QrCodes.dataUri(url))))
                            .isEqualTo(url);
                });
    }

    @Test
    void theCodeHasTheStandardQuietZoneOfFourModules() {
        BufferedImage image = QrImages.image(QrCodes.dataUri("https://hall.example.cn/verify/abc"));
        // the finder pattern's top left corner: 4 modules of 8 pixels in from each side
        int firstDark = 0;
        while ((image.getRGB(firstDark, firstDark) & 0xFFFFFF) != 0) firstDark++;
        assertThat(firstDark).isEqualTo(4 * 8);
    }
}
