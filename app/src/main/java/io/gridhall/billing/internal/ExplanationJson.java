package io.gridhall.billing.internal;

import io.gridhall.billing.LineExplanation;
import io.gridhall.billing.LineSource;

/**
 * A line's explanation as the JSON its {@code explanation} column holds, written straight into a string: the same
 * fields and values Jackson writes for {@link LineExplanation} (and reads back), without its per-object machinery,
 * which was 12% of a billing run's worker in the profile (docs/benchmarks.md). Numbers are written plain.
 */
final class ExplanationJson {

    private ExplanationJson() {}

    static String write(LineExplanation e) {
        StringBuilder out = new StringBuilder(96 + 160 * e.sources().size());
        out.append("{\"tariffId\":");
        string(out, e.tariffId());
        out.append(",\"tariffVersion\":").append(e.tariffVersion());
        out.append(",\"formula\":");
        string(out, e.formula());
        out.append(",\"sources\":[");
        boolean first = true;
        for (LineSource s : e.sources()) {
            if (!first) out.append(',');
            first = false;
            out.append("{\"kind\":");
            string(out, s.kind());
            out.append(",\"meterId\":")
                    .append(s.meterId() == null ? "null" : s.meterId().toString());
            out.append(",\"assetNumber\":");
            string(out, s.assetNumber());
            out.append(",\"day\":");
            if (s.day() == null) out.append("null");
            else out.append('"').append(s.day()).append('"');
            out.append(",\"register\":");
            string(out, s.register());
            out.append(",\"value\":")
                    .append(s.value() == null ? "null" : s.value().toPlainString());
            out.append(",\"quality\":");
            string(out, s.quality());
            out.append(",\"multiplier\":").append(s.multiplier()).append('}');
        }
        return out.append("]}").toString();
    }

    private static void string(StringBuilder out, String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        // text is copied in runs between the characters JSON escapes (most strings have none)
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            out.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append(s, from, s.length());
        out.append('"');
    }
}
