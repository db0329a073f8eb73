package io.gridhall.metering.internal;

import io.gridhall.metering.ReadingSource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The deliveries of readings as stored, newest first: the console's import history, by branch. */
@Repository
public class ReadingBatches {

    public record Batch(
            UUID batchId,
            String source,
            Instant receivedAt,
            int intervalRows,
            int registerRows,
            int meters,
            LocalDate firstDay,
            LocalDate lastDay,
            int conflicts,
            int rejectedRows,
            String fileName,
            Long importedBy,
            String importedByName) {}

    public record Page(List<Batch> items, long total) {}

    private final JdbcClient jdbc;

    ReadingBatches(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One page of batches, of one source or (null) all, that hold readings of meters in one of the given branches
     * (null: every branch).
     */
    @Transactional(readOnly = true)
    public Page page(ReadingSource source, Collection<Long> branches, int page, int size) {
        String where = "where (cast(:branches as bigint[]) is null or branches && cast(:branches as bigint[]))"
                + (source == null ? "" : " and source = :source");
        var list = jdbc.sql("""
                select batch_id, source, received_at, interval_rows, register_rows, meters, first_day, last_day,
                    conflicts, rejected_rows, file_name, imported_by, imported_by_name
                from metering.reading_batch %s
                order by received_at desc, batch_id
                limit :size offset :offset""".formatted(where));
        var count = jdbc.sql("select count(*) from metering.reading_batch " + where);
        Long[] visible = branches == null ? null : branches.toArray(Long[]::new);
        list = list.param("branches", visible);
        count = count.param("branches", visible);
        if (source != null) {
            list = list.param("source", source.name());
            count = count.param("source", source.name());
        }
        List<Batch> items = list.param("size", size)
                .param("offset", (long) page * size)
                .query((rs, n) -> new Batch(
                        rs.getObject("batch_id", UUID.class),
                        rs.getString("source"),
                        rs.getTimestamp("received_at").toInstant(),
                        rs.getInt("interval_rows"),
                        rs.getInt("register_rows"),
                        rs.getInt("meters"),
                        rs.getObject("first_day", LocalDate.class),
                        rs.getObject("last_day", LocalDate.class),
                        rs.getInt("conflicts"),
                        rs.getInt("rejected_rows"),
                        rs.getString("file_name"),
                        rs.getObject("imported_by", Long.class),
                        rs.getString("imported_by_name")))
                .list();
        return new Page(items, count.query(Long.class).single());
    }
}
