package io.gridhall.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Bulk inserts with PostgreSQL's COPY (text format) on the connection of the current transaction, so a
 * failed batch rolls back with everything else the caller wrote. About ten times faster than batched INSERTs.
 */
public final class BulkCopy {

    private BulkCopy() {}

    /** Takes {@code n} values of a sequence in one round trip, ascending, so callers can COPY rows with ids. */
    public static long[] allocateIds(JdbcClient jdbc, String sequence, int n) {
        return jdbc
                .sql("select nextval(?::regclass) from generate_series(1, ?) order by 1")
                .params(sequence, n)
                .query(Long.class)
                .list()
                .stream()
                .mapToLong(Long::longValue)
                .toArray();
    }

    /**
     * Copies the rows into {@code table(columns)}; each row gives one value per column (null allowed).
     *
     * @return rows copied
     */
    public static <T> long copy(
            DataSource dataSource, String table, String columns, List<T> rows, Function<T, Object[]> values) {
        if (rows.isEmpty()) return 0;
        StringBuilder text = new StringBuilder(rows.size() * 96);
        for (T row : rows) {
            Object[] v = values.apply(row);
            for (int i = 0; i < v.length; i++) {
                if (i > 0) text.append('\t');
                append(text, v[i]);
            }
            text.append('\n');
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY " + table + " (" + columns + ") FROM STDIN",
                            new java.io.StringReader(text.toString()));
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * One value in COPY's text format: numbers and flags appended as they are, text escaped in runs (a value with
     * nothing to escape is copied in one piece), byte arrays as hex.
     */
    private static void append(StringBuilder text, Object value) {
        switch (value) {
            case null -> text.append("\\N");
            case Long l -> text.append(l.longValue());
            case Integer n -> text.append(n.intValue());
            case Boolean b -> text.append(b.booleanValue());
            case byte[] bytes ->
                text.append("\\\\x").append(java.util.HexFormat.of().formatHex(bytes));
            default -> escaped(text, value.toString());
        }
    }

    private static void escaped(StringBuilder text, String s) {
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            String escape = switch (s.charAt(i)) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escape == null) continue;
            text.append(s, from, i).append(escape);
            from = i + 1;
        }
        text.append(s, from, s.length());
    }
}
