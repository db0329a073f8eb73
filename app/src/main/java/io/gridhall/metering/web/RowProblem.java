package io.gridhall.metering.web;

import io.gridhall.metering.internal.ReadingIntake.RowError;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;

/**
 * A bad field of an uploaded row in the caller's language: the one shape every file import reports row errors in
 * ({@code metering.row.<code>} message keys).
 */
record RowProblem(int row, String field, String code, String message) {

    /** At most this many are answered; the problem's detail counts them all. */
    static final int LISTED = 1000;

    static List<RowProblem> localise(List<RowError> errors, MessageSource messages) {
        Locale locale = LocaleContextHolder.getLocale();
        return errors.stream()
                .limit(LISTED)
                .map(e -> new RowProblem(
                        e.row(),
                        e.field(),
                        e.code(),
                        messages.getMessage("metering.row." + e.code(), e.args().toArray(), e.code(), locale)))
                .toList();
    }
}
