package io.gridhall.shared;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Rows per table of a module's schema, for the demo's summary and dashboards; keys are {@code schema.table}. */
public final class TableCounts {

    private TableCounts() {}

    public static Map<String, Long> of(JdbcClient jdbc, String schema, List<String> tables) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : tables) {
            String name = schema + "." + table;
            counts.put(
                    name,
                    jdbc.sql("select count(*) from " + name).query(Long.class).single());
        }
        return counts;
    }
}
