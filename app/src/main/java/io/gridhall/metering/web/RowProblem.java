package io.gridhall.metering.web;

import io.gridhall.metering.internal.ReadingIntake.RowError;
import io.gridhall.shared.Problem;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;

/**
 * A bad field of an uploaded row in the caller's language: the one shape every file import reports row errors in
 * ({@code metering.row.<code>} message keys). A value echoed back is cut to {@link #ECHOED} characters, so an
 * answer never grows with what was sent.
 */
record RowProblem(int row, String field, String code, String message) {

    /** At most this many are answered; the problem's detail counts them all. */
    static final int LISTED = 1000;

    /** The longest text of an echoed value; longer values end in an ellipsis. */
    static final int ECHOED = 40;

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
                        truncated(e.field()),
                        e.code(),
                        messages.getMessage(
                                "metering.row." + e.code(),
                                e.args().stream().map(RowProblem::echoed).toArray(),
                                e.code(),
                                locale)))
                .toList();
    }

    private static Object echoed(Object arg) {
        return arg instanceof String s ? truncated(s) : arg;
    }

    static String truncated(String s) {
        if (s == null || s.length() <= ECHOED) return s;
        // never split a surrogate pair
        int end = Character.isHighSurrogate(s.charAt(ECHOED - 1)) ? ECHOED - 1 : ECHOED;
        return s.substring(0, end) + "…";
    }
}
