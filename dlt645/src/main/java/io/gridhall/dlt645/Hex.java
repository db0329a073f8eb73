package io.gridhall.dlt645;

import java.util.HexFormat;

/** Hex text as written in the standard and in logs: {@code "68 12 90 ..."}. */
public final class Hex {

    private static final HexFormat SPACED = HexFormat.ofDelimiter(" ").withUpperCase();

    private Hex() {}

    /** Parses hex digits, ignoring whitespace; throws IllegalArgumentException on other characters. */
    public static byte[] parse(CharSequence text) {
        String compact = text.toString().replaceAll("\\s+", "");
        return HexFormat.of().parseHex(compact);
    }

    public static String format(byte[] bytes) {
        return SPACED.formatHex(bytes);
    }
}
