package io.gridhall.payment;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The round trips of a piece of work (issue #10, section 9): what it sends to PostgreSQL on the connection its
 * transaction runs on, each statement named by the payment tables it writes or reads. Tests pin a path's list with
 * it, so a change that adds a statement to every payment fails and has to say why.
 */
public final class StatementCounter {

    private StatementCounter() {}

    public record Counted(List<String> statements, int commits) {}

    /**
     * Runs {@code work} on a connection of its own bound to the thread, as the transaction manager finds it when it
     * begins (it takes a bound connection that no transaction holds yet), and names each statement sent on it by what
     * it writes or reads.
     */
    public static Counted count(DataSource dataSource, Runnable work) {
        List<String> statements = new ArrayList<>();
        int[] commits = {0};
        try (Connection real = dataSource.getConnection()) {
            Connection counting = proxy(Connection.class, real, (method, args, call) -> {
                if (method.equals("commit")) commits[0]++;
                Object result = call.get();
                if (result instanceof PreparedStatement ps && args != null && args[0] instanceof String sql)
                    return proxy(PreparedStatement.class, ps, (m, a, c) -> {
                        if (m.startsWith("execute")) statements.add(name(sql));
                        return c.get();
                    });
                if (result instanceof Statement s && !(result instanceof PreparedStatement))
                    return proxy(Statement.class, s, (m, a, c) -> {
                        if (m.startsWith("execute")) statements.add(name((String) a[0]));
                        return c.get();
                    });
                return result;
            });
            TransactionSynchronizationManager.bindResource(dataSource, new ConnectionHolder(counting));
            try {
                work.run();
            } finally {
                TransactionSynchronizationManager.unbindResource(dataSource);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Counted(statements, commits[0]);
    }

    /**
     * The tables a statement writes, in order ("insert payment.entry, update payment.ledger_account"), or else those
     * it reads ("select payment.ledger_account (lock)"); a setting as it was sent.
     */
    static String name(String sql) {
        String s = sql.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (s.startsWith("set ")) return s;
        List<String> writes = new ArrayList<>();
        var m = Pattern.compile("(insert into|update) (payment\\.[a-z_]+)").matcher(s);
        while (m.find()) writes.add(m.group(1).replace(" into", "") + " " + m.group(2));
        if (!writes.isEmpty()) return String.join(", ", writes);
        Set<String> reads = new LinkedHashSet<>();
        var from = Pattern.compile("(?:from|join) (payment\\.[a-z_]+)").matcher(s);
        while (from.find()) reads.add(from.group(1));
        return "select " + String.join(", ", reads) + (s.contains("for update") ? " (lock)" : "");
    }

    private interface Call {
        Object on(String method, Object[] args, Supplier<Object> call);
    }

    /** Throws what the driver threw, as it was (an SQLException is not wrapped, so Spring translates it). */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable t) throws E {
        throw (E) t;
    }

    private static <T> T proxy(Class<T> type, T target, Call handler) {
        @SuppressWarnings("unchecked")
        T p = (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor"))
                return method.invoke(target, args);
            return handler.on(method.getName(), args, () -> {
                try {
                    return method.invoke(target, args);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                } catch (InvocationTargetException e) {
                    throw StatementCounter.<RuntimeException>rethrow(e.getCause());
                }
            });
        });
        return p;
    }
}
