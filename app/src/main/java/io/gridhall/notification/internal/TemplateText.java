package io.gridhall.notification.internal;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills {@code {name}} placeholders in one pass: a value that itself looks like one stays as it is. */
final class TemplateText {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.-]*)}");

    private TemplateText() {}

    static Set<String> placeholders(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    /** Names the text needs that the parameters lack (a {@code null} or blank value counts as lacking). */
    static Set<String> missing(String text, Map<String, String> parameters) {
        Set<String> missing = new LinkedHashSet<>();
        for (String name : placeholders(text)) {
            String value = parameters.get(name);
            if (value == null || value.isBlank()) missing.add(name);
        }
        return missing;
    }

    static String render(String text, Map<String, String> parameters) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = parameters.get(m.group(1));
            if (value == null) throw new IllegalArgumentException("missing parameter " + m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
