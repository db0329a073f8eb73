package io.gridhall.shared.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Each module owns a schema and migrates it on its own: {@code db/<module>/V*.sql} runs into schema
 * {@code <module>} with its own history table, so modules never share version numbers. The
 * {@code platform} schema (sessions, event publications) goes first.
 */
@Configuration(proxyBeanMethods = false)
class ModuleMigrations {

    @Bean
    FlywayMigrationStrategy perModuleSchemas() {
        return platform -> {
            platform.migrate();
            for (String module : modules()) {
                Flyway.configure(platform.getConfiguration().getClassLoader())
                        .configuration(platform.getConfiguration())
                        .schemas(module)
                        .defaultSchema(module)
                        .locations("classpath:db/" + module)
                        .load()
                        .migrate();
            }
        };
    }

    static SortedSet<String> modules() {
        try {
            Resource[] scripts = new PathMatchingResourcePatternResolver().getResources("classpath*:db/*/V*.sql");
            return Arrays.stream(scripts)
                    .map(r -> {
                        try {
                            String path = r.getURL().toString();
                            String folder = path.substring(0, path.lastIndexOf('/'));
                            return folder.substring(folder.lastIndexOf('/') + 1);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .filter(Objects::nonNull)
                    .filter(m -> !m.equals("platform"))
                    .collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
