package io.gridhall.payment.internal;

import java.util.Locale;

/**
 * A company buyer's tax id on an invoice: the 18-character unified social credit code (统一社会信用代码, GB
 * 32100-2015), which since 2015 is also the taxpayer identification number (纳税人识别号). Its last character is a check
 * character over the first 17: each character's value in the code's 31-character alphabet (digits and the capital
 * letters without I, O, S, V and Z) times the weights 3^i mod 31, summed; the check value is 31 minus the sum mod 31
 * (31 becomes 0). Older 15- and 20-character ids carry no check character and are refused: the platform's own check
 * would refuse them for any buyer that re-registered.
 */
final class TaxIds {

    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private TaxIds() {}

    /** The code as it is compared and stored: trimmed, upper case. */
    static String normalise(String code) {
        return code == null ? null : code.strip().toUpperCase(Locale.ROOT);
    }

    /** Whether the (normalised) code has 18 characters of the alphabet and the right check character. */
    static boolean valid(String code) {
        if (code == null || code.length() != 18) return false;
        int check = checkValue(code.substring(0, 17));
        return check >= 0 && ALPHABET.indexOf(code.charAt(17)) == check;
    }

    /** The check character of a 17-character body; -1 when a character is outside the alphabet. */
    static int checkValue(String body) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = ALPHABET.indexOf(body.charAt(i));
            if (v < 0) return -1;
            sum += v * WEIGHTS[i];
        }
        int c = 31 - sum % 31;
        return c == 31 ? 0 : c;
    }

    /** A body completed with its check character (for tests and the simulator). */
    static String withCheck(String body17) {
        int c = checkValue(body17);
        if (c < 0) throw new IllegalArgumentException("not a code body");
        return body17 + ALPHABET.charAt(c);
    }
}
