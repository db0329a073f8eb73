package io.gridhall.payment.internal;

import java.util.List;

/** A list cut at its limit, and whether there was more to list (the rows are filtered before they are cut). */
public record Listed<T>(List<T> items, boolean truncated) {

    public Listed {
        items = List.copyOf(items);
    }

    /** The first {@code limit} of rows asked for with {@code limit + 1}. */
    static <T> Listed<T> of(List<T> rows, int limit) {
        return rows.size() > limit ? new Listed<>(rows.subList(0, limit), true) : new Listed<>(rows, false);
    }
}
