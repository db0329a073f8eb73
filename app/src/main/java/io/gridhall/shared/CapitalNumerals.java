package io.gridhall.shared;

/**
 * An amount in Chinese capital numerals (大写金额) as bills, receipts and cheques print it, following the rules of
 * 《支付结算办法》 for amounts in words: 壹贰叁肆伍陆柒捌玖拾佰仟万亿, 元角分; 整 after an amount that ends in 元 or 角;
 * one 零 for each run of zeros between non-zero digits (also across 万 and 亿, and before 分 when 角 is zero); a
 * negative amount (a reversal) starts with 负.
 *
 * <p>Examples: 0 → 零元整, 0.05 → 伍分, 10 → 壹拾元整, 1005.30 → 壹仟零伍元叁角整, 100010.07 → 壹拾万零壹拾元零柒分.
 */
public final class CapitalNumerals {

    private static final String DIGITS = "零壹贰叁肆伍陆柒捌玖";
    private static final String[] SMALL_UNITS = {"", "拾", "佰", "仟"};
    private static final long MAX_YUAN = 9_999_999_999_999_999L / 100;

    private CapitalNumerals() {}

    public static String of(Money amount) {
        long fen = amount.fen();
        if (fen == Long.MIN_VALUE) throw new IllegalArgumentException("amount out of range");
        StringBuilder out = new StringBuilder();
        if (fen < 0) {
            out.append('负');
            fen = -fen;
        }
        long yuan = fen / 100;
        int jiao = (int) (fen / 10 % 10);
        int cents = (int) (fen % 10);
        if (yuan > MAX_YUAN) throw new IllegalArgumentException("amount out of range");
        if (yuan > 0) out.append(yuanInWords(yuan)).append('元');
        if (jiao == 0 && cents == 0) {
            if (yuan == 0) out.append("零元");
            return out.append('整').toString();
        }
        if (jiao > 0) out.append(DIGITS.charAt(jiao)).append('角');
        else if (yuan > 0) out.append('零');
        if (cents > 0) out.append(DIGITS.charAt(cents)).append('分');
        else out.append('整');
        return out.toString();
    }

    /**
     * A positive whole number of yuan: the part above 亿 (itself in words, 壹万零伍亿), then 万, then the last four
     * digits; a lower part with a leading zero gets one 零 (壹亿零壹万, 壹拾万零壹拾).
     */
    private static String yuanInWords(long n) {
        if (n >= 100_000_000L) return yuanInWords(n / 100_000_000L) + "亿" + rest(n % 100_000_000L, 10_000_000L);
        if (n >= 10_000L) return fourDigits((int) (n / 10_000L)) + "万" + rest(n % 10_000L, 1_000L);
        return fourDigits((int) n);
    }

    private static String rest(long n, long fullWidth) {
        if (n == 0) return "";
        return (n < fullWidth ? "零" : "") + yuanInWords(n);
    }

    /** 1 to 9999, one 零 for each run of zeros between digits (1001 → 壹仟零壹), none at the end (1100 → 壹仟壹佰). */
    private static String fourDigits(int n) {
        StringBuilder out = new StringBuilder();
        boolean gap = false;
        for (int p = 3, unit = 1000; p >= 0; p--, unit /= 10) {
            int digit = n / unit % 10;
            if (digit == 0) {
                gap = out.length() > 0;
                continue;
            }
            if (gap) out.append('零');
            out.append(DIGITS.charAt(digit)).append(SMALL_UNITS[p]);
            gap = false;
        }
        return out.toString();
    }
}
