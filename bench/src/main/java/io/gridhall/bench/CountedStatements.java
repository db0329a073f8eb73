package io.gridhall.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts the statements the application sends to PostgreSQL (each {@code execute*} call, a JDBC batch as one) and
 * its commits, through a wrapper around its {@link DataSource}: figures that do not depend on the machine's load.
 */
final class CountedStatements implements BeanPostProcessor {

    private static final Set<String> EXECUTES = Set.of(
            "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    final LongAdder statements = new LongAdder();
    final LongAdder commits = new LongAdder();

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        if (!(bean instanceof DataSource ds)) return bean;
        return proxy(DataSource.class, ds, (target, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection c ? connection(c) : result;
        });
    }

    long statements() {
        return statements.sum();
    }

    long commits() {
        return commits.sum();
    }

    private Connection connection(Connection c) {
        return proxy(Connection.class, c, (target, method, args) -> {
            if (method.getName().equals("commit")) commits.increment();
            Object result = invoke(target, method, args);
            return result instanceof Statement s ? statement(s) : result;
        });
    }

    private Statement statement(Statement s) {
        Class<? extends Statement> type = s instanceof java.sql.CallableStatement
                ? java.sql.CallableStatement.class
                : s instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
        return proxy(type, s, (target, method, args) -> {
            if (EXECUTES.contains(method.getName())) statements.increment();
            return invoke(target, method, args);
        });
    }

    private interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<? extends T> type, T target, Handler handler) {
        InvocationHandler h = (p, method, args) -> {
            if (method.getName().equals("unwrap") && args[0] instanceof Class<?> c && c.isInstance(p)) return p;
            if (method.getName().equals("isWrapperFor") && args[0] instanceof Class<?> c && c.isInstance(p))
                return true;
            return handler.handle(target, method, args);
        };
        @SuppressWarnings("unchecked")
        T p = (T) Proxy.newProxyInstance(CountedStatements.class.getClassLoader(), new Class<?>[] {type}, h);
        return p;
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
