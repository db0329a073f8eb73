package io.gridhall.shared.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The platform's PostgreSQL: the server named by {@code GRIDHALL_DB_URL} in production, otherwise an
 * embedded PostgreSQL 18 whose data lives under {@code gridhall.db.embedded-dir} (kept between runs),
 * or in a temporary folder shared by every application context of one JVM (tests).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(Database.Settings.class)
class Database {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    @ConfigurationProperties("gridhall.db")
    record Settings(String url, String username, String password, String embeddedDir, int poolSize) {}

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(Settings settings) {
        boolean external = settings.url() != null && !settings.url().isBlank();
        String key = external ? null : key(settings.embeddedDir());
        HikariDataSource ds = external ? new HikariDataSource() : new EmbeddedBacked(key);
        if (external) {
            ds.setJdbcUrl(settings.url());
            ds.setUsername(settings.username());
            ds.setPassword(settings.password());
        } else {
            ds.setJdbcUrl(acquire(key).getJdbcUrl("postgres", "postgres"));
            ds.setUsername("postgres");
        }
        ds.addDataSourceProperty("reWriteBatchedInserts", "true");
        ds.setMaximumPoolSize(settings.poolSize() > 0 ? settings.poolSize() : 10);
        ds.setPoolName("gridhall");
        return ds;
    }

    /** A pool over the embedded server that stops the server when the last pool using it closes. */
    private static final class EmbeddedBacked extends HikariDataSource {
        private final String key;

        EmbeddedBacked(String key) {
            this.key = key;
        }

        @Override
        public void close() {
            super.close();
            release(key);
        }
    }

    private record Server(EmbeddedPostgres pg, int users) {}

    private static final Map<String, Server> servers = new HashMap<>();

    /** {@code temp:<name>}: a separate temporary server, e.g. for tests that need a database of their own. */
    static final String TEMPORARY = "temp:";

    private static String key(String dir) {
        if (dir == null || dir.isBlank()) return "";
        if (dir.startsWith(TEMPORARY)) return dir;
        return Path.of(dir).toAbsolutePath().normalize().toString();
    }

    /**
     * One server per data folder and JVM, shared by every application context that uses it (tests
     * cache several) and stopped when the last of them closes, after its pool: stopping it from a
     * JVM shutdown hook instead would race the contexts' own shutdown.
     */
    private static synchronized EmbeddedPostgres acquire(String key) {
        Server server = servers.get(key);
        if (server == null) server = new Server(start(key), 0);
        servers.put(key, new Server(server.pg(), server.users() + 1));
        return server.pg();
    }

    private static synchronized void release(String key) {
        Server server = servers.get(key);
        if (server == null) return;
        if (server.users() > 1) {
            servers.put(key, new Server(server.pg(), server.users() - 1));
            return;
        }
        servers.remove(key);
        try {
            server.pg().close();
            log.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }

    private static EmbeddedPostgres start(String dir) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("timezone", "UTC")
                    // commits are durable: the library's default is off, which can lose acknowledged
                    // transactions in a crash. Bulk paths turn it off for their own transaction only.
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // stopped by release() after the last pool closes, not by a hook racing Spring's shutdown
                    .setRegisterShutdownHook(false);
            if (!dir.isEmpty() && !dir.startsWith(TEMPORARY)) {
                Path data = Path.of(dir);
                Files.createDirectories(data);
                builder.setDataDirectory(data).setCleanDataDirectory(false);
            }
            EmbeddedPostgres pg = builder.start();
            log.info(
                    "Embedded PostgreSQL on port {} ({})",
                    pg.getPort(),
                    dir.isEmpty() || dir.startsWith(TEMPORARY) ? "temporary data " + dir : dir);
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
        }
    }
}
