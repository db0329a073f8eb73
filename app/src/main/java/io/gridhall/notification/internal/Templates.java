package io.gridhall.notification.internal;

import io.gridhall.notification.Category;
import io.gridhall.shared.Problem;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The message templates (seeded by migrations, one row per name and language). */
@Component
class Templates {

    /** @param secret carries a one-time code: only SMS or e-mail, and blanked in the outbox once done */
    record Template(String name, String language, Category category, boolean secret, String subject, String body) {

        /** Renders subject and body, or fails with a problem naming every missing parameter. */
        Rendered render(Map<String, String> parameters) {
            Set<String> missing = new LinkedHashSet<>(TemplateText.missing(subject, parameters));
            missing.addAll(TemplateText.missing(body, parameters));
            if (!missing.isEmpty()) {
                throw Problem.badRequest("notification-parameter-missing", name, String.join(", ", missing))
                        .with("missing", missing);
            }
            return new Rendered(TemplateText.render(subject, parameters), TemplateText.render(body, parameters));
        }
    }

    record Rendered(String subject, String body) {}

    private final JdbcClient jdbc;

    Templates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** zh-CN unless the locale is English: the two languages the platform speaks. */
    static String language(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage()) ? "en" : "zh-CN";
    }

    Template find(String name, Locale locale) {
        return lookup(name, language(locale))
                .orElseThrow(() -> Problem.badRequest("notification-template-unknown", String.valueOf(name)));
    }

    private Optional<Template> lookup(String name, String language) {
        if (name == null || name.isBlank()) return Optional.empty();
        return jdbc.sql("""
                        select name, locale, category, secret, subject, body from notification.template
                        where name = :name and locale = :locale""")
                .param("name", name)
                .param("locale", language)
                .query((rs, n) -> new Template(
                        rs.getString("name"),
                        rs.getString("locale"),
                        Category.valueOf(rs.getString("category")),
                        rs.getBoolean("secret"),
                        rs.getString("subject"),
                        rs.getString("body")))
                .optional();
    }
}
