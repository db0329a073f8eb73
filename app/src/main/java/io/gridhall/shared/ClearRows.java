package io.gridhall.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rows an earlier version stored with personal data in clear, rewritten (sealed) at start-up: in batches of
 * {@value #BATCH}, each its own transaction, so a large table never holds one long lock and nodes starting together
 * skip each other's rows ({@code FOR UPDATE SKIP LOCKED} in the select). Idempotent: the select finds only rows still
 * in clear, and the step clears them.
 */
public final class ClearRows {

    static final int BATCH = 500;

    private ClearRows() {}

    /** One row in clear: its key, then the text columns the select names after it. */
    public record Row(long id, List<String> values) {

        public String text(int i) {
            return values.get(i);
        }
    }

    /**
     * Runs {@code select} (first column the row's key, then text columns, one {@code limit ?} parameter) until it
     * finds no more rows, and {@code step} on each row found; returns how many rows were rewritten.
     */
    public static int rewrite(JdbcClient jdbc, TransactionTemplate tx, String select, Consumer<Row> step) {
        int total = 0;
        while (true) {
            Integer n = tx.execute(s -> {
                List<Row> rows = jdbc.sql(select)
                        .param(BATCH)
                        .query((rs, i) -> {
                            int columns = rs.getMetaData().getColumnCount();
                            List<String> values = new ArrayList<>(columns - 1);
                            for (int c = 2; c <= columns; c++) values.add(rs.getString(c));
                            return new Row(rs.getLong(1), values);
                        })
                        .list();
                rows.forEach(step);
                return rows.size();
            });
            total += n;
            if (n < BATCH) return total;
        }
    }
}
