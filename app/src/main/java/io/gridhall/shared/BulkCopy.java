package io.gridhall.shared;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
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
        Connection connection = DataSourceUtils.getConnection(dataSource);
        CopyIn copy = null;
        try {
            copy = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
            Rows text = new Rows();
            for (T row : rows) {
                text.row(values.apply(row));
                // sent in pieces as they fill: PostgreSQL parses one while the next is rendered
                if (text.size() >= SEND) text.sendTo(copy);
            }
            text.sendTo(copy);
            return copy.endCopy();
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
        } finally {
            if (copy != null && copy.isActive()) cancel(copy);
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static final int SEND = 1 << 16;

    private static void cancel(CopyIn copy) {
        try {
            copy.cancelCopy();
        } catch (SQLException ignored) {
            // the connection is broken; the transaction rolls back with it
        }
    }

    /**
     * Rows in COPY's text format, written straight into UTF-8 bytes (no string per value or per row): numbers and flags
     * as digits, text escaped, byte arrays as hex, anything else by its {@code toString()}.
     */
    static final class Rows {

        private byte[] bytes = new byte[SEND + 1024];
        private int size;

        int size() {
            return size;
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(bytes, size);
        }

        void row(Object[] values) {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) put((byte) '\t');
                value(values[i]);
            }
            put((byte) '\n');
        }

        void sendTo(CopyIn copy) throws SQLException {
            if (size == 0) return;
            copy.writeToCopy(bytes, 0, size);
            size = 0;
        }

        private void value(Object value) {
            switch (value) {
                case null -> ascii("\\N");
                case Long l -> number(l);
                case Integer n -> number(n);
                case Short n -> number(n);
                case Boolean b -> ascii(b ? "true" : "false");
                case byte[] b -> {
                    ascii("\\\\x");
                    ascii(java.util.HexFormat.of().formatHex(b));
                }
                case String t -> text(t);
                default -> text(value.toString());
            }
        }

        private void number(long n) {
            room(20);
            if (n == Long.MIN_VALUE) {
                ascii(Long.toString(n));
                return;
            }
            if (n < 0) {
                bytes[size++] = '-';
                n = -n;
            }
            int digits = 1;
            for (long x = n; x >= 10; x /= 10) digits++;
            for (int i = size + digits - 1; i >= size; i--) {
                bytes[i] = (byte) ('0' + n % 10);
                n /= 10;
            }
            size += digits;
        }

        private void ascii(String s) {
            room(s.length());
            for (int i = 0; i < s.length(); i++) bytes[size++] = (byte) s.charAt(i);
        }

        /** Text escaped for COPY (backslash, tab, newline, carriage return) and encoded as UTF-8. */
        private void text(String s) {
            int n = s.length();
            room(n * 3 + 2);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    switch (c) {
                        case '\\' -> {
                            bytes[size++] = '\\';
                            bytes[size++] = '\\';
                        }
                        case '\t' -> {
                            bytes[size++] = '\\';
                            bytes[size++] = 't';
                        }
                        case '\n' -> {
                            bytes[size++] = '\\';
                            bytes[size++] = 'n';
                        }
                        case '\r' -> {
                            bytes[size++] = '\\';
                            bytes[size++] = 'r';
                        }
                        default -> bytes[size++] = (byte) c;
                    }
                } else if (c < 0x800) {
                    bytes[size++] = (byte) (0xC0 | c >> 6);
                    bytes[size++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    bytes[size++] = (byte) (0xF0 | cp >> 18);
                    bytes[size++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    bytes[size++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    bytes[size++] = (byte) (0x80 | cp & 0x3F);
                } else if (Character.isSurrogate(c)) {
                    bytes[size++] = '?'; // a lone surrogate, as String.getBytes(UTF_8) writes it
                } else {
                    bytes[size++] = (byte) (0xE0 | c >> 12);
                    bytes[size++] = (byte) (0x80 | c >> 6 & 0x3F);
                    bytes[size++] = (byte) (0x80 | c & 0x3F);
                }
            }
        }

        private void put(byte b) {
            room(1);
            bytes[size++] = b;
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
