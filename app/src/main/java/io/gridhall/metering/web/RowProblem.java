package io.gridhall.metering.web;

import io.gridhall.metering.internal.ReadingIntake.RowError;
import io.gridhall.shared.Problem;
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

    /**
     * The 400 problem for a rejected upload: {@code code} ("{1} rows of which {0} bad") when rows were read, or
     * {@code file-rejected} naming the fault when the file itself is unusable (empty, no header), never "1 of 0 rows".
     */
    static Problem rejected(String code, int badRows, int rows, List<RowProblem> problems) {
        Problem problem = rows == 0 && !problems.isEmpty()
                ? Problem.badRequest("file-rejected", problems.getFirst().message())
                : Problem.badRequest(code, badRows, rows);
        return problem.with("errors", problems);
    }

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
