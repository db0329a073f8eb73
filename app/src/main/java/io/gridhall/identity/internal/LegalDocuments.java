package io.gridhall.identity.internal;

import io.gridhall.shared.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The user agreement and the privacy policy customers accept before signing up (issue 8). Each is a
 * Markdown text per language under {@code io/gridhall/identity/legal/}, named
 * {@code <document>.<version>.<zh|en>.md}; publishing a new version means adding its files and moving
 * {@link Document#current}, after which every customer is asked to accept it again.
 */
public final class LegalDocuments {

    public enum Document {
        USER_AGREEMENT("user-agreement", "2026-12-01"),
        PRIVACY_POLICY("privacy-policy", "2026-12-01");

        public final String id;
        public final String current;

        Document(String id, String current) {
            this.id = id;
            this.current = current;
        }

        public static Optional<Document> of(String id) {
            return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
        }
    }

    public record Text(String document, String version, String language, String title, String text) {}

    private LegalDocuments() {}

    /** The current versions, as the sign-up request and the acceptance carry them. */
    public static Map<String, String> current() {
        return Arrays.stream(Document.values()).collect(Collectors.toMap(d -> d.id, d -> d.current));
    }

    /** The current text in Chinese, or in English for an English-speaking locale. */
    public static Text current(Document document, Locale locale) {
        String language = locale != null && "en".equals(locale.getLanguage()) ? "en" : "zh";
        String name = document.id + "." + document.current + "." + language + ".md";
        try (InputStream in = LegalDocuments.class.getResourceAsStream("/io/gridhall/identity/legal/" + name)) {
            if (in == null) throw new IllegalStateException("legal document missing: " + name);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String title = text.lines()
                    .filter(l -> l.startsWith("# "))
                    .findFirst()
                    .map(l -> l.substring(2).trim())
                    .orElse(document.id);
            return new Text(document.id, document.current, language, title, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the request accepts every document in its current version; else the problem to answer. */
    public static void requireCurrent(Map<String, String> accepted) {
        if (accepted == null || !accepted.equals(current())) throw Problem.badRequest("consent-required");
    }

    /** The stored form on a one-time code row. */
    static String encode(Map<String, String> accepted) {
        return Arrays.stream(Document.values())
                .map(d -> d.id + "=" + accepted.get(d.id))
                .collect(Collectors.joining(","));
    }

    static Map<String, String> decode(String stored) {
        return Arrays.stream(stored.split(","))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1]));
    }
}
