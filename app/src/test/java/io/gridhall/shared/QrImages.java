package io.gridhall.shared;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Reads back the QR codes we print, for tests. The images are the ones {@link QrCodes} made, upright and clean, so
 * they are read as a pure code: a finder-pattern search (what a camera needs) fails now and then on ZXing's own codes
 * with a perfect image, which made the receipt tests flaky without saying anything about what we print.
 */
public final class QrImages {

    private QrImages() {}

    public static String read(BufferedImage img) {
        int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        var source = new RGBLuminanceSource(img.getWidth(), img.getHeight(), pixels);
        try {
            return new QRCodeReader()
                    .decode(new BinaryBitmap(new HybridBinarizer(source)), Map.of(DecodeHintType.PURE_BARCODE, true))
                    .getText();
        } catch (Exception e) {
            throw new AssertionError("the QR code was not read back: " + e, e);
        }
    }

    /** A PNG data URI's image, as {@link QrCodes#dataUri} makes it. */
    public static BufferedImage image(String dataUri) {
        try {
            byte[] png = Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf(',') + 1));
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
