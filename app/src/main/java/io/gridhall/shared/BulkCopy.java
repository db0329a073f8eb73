package io.gridhall.shared;

import java.io.IOException;
import java.io.StringReader;
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
                    .copyIn("COPY " + table + " (" + columns + ") FROM STDIN", new StringReader(text.toString()));
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static void append(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
            return;
        }
        String s = value instanceof byte[] bytes
                ? "\\\\x" + java.util.HexFormat.of().formatHex(bytes)
                : value.toString();
        if (value instanceof byte[]) {
            text.append(s);
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }
}
