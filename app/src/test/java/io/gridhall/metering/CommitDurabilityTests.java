package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Issue #7: commits are durable by default; only reading ingestion commits asynchronously, locally. */
@MeteringTest
class CommitDurabilityTests {

    @Autowired
    MeterReadings readings;

    @Autowired
    Audit audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    static final Actor clerk =
            new Actor(new UserId(4), Actor.Kind.STAFF, "柜员", Set.of(Role.COUNTER_CLERK), Set.of(new BranchId(1)));

    String setting() {
        return jdbc.sql("SHOW synchronous_commit").query(String.class).single();
    }

    @Test
    void theServerCommitsSynchronouslyByDefault() {
        // the server's own value, not a session's: what every connection starts with
        assertThat(jdbc.sql("SELECT reset_val FROM pg_settings WHERE name = 'synchronous_commit'")
                        .query(String.class)
                        .single())
                .isEqualTo("on");
        assertThat(setting()).isEqualTo("on");
    }

    @Test
    void readingIngestionCommitsAsynchronouslyForItsOwnTransactionOnly() {
        long meter = aMeterId();
        var delivery = new ReadingDelivery(
                UUID.randomUUID().toString(),
                ReadingSource.API,
                List.of(fullDay(meter, LocalDate.of(2026, 4, 2), 40)),
                List.of());
        String inside = new TransactionTemplate(transactions).execute(s -> {
            assertThat(setting()).isEqualTo("on");
            readings.store(delivery);
            return setting();
        });
        assertThat(inside).isEqualTo("off");
        // no pooled connection carries it into a later transaction (the pool hands out the last one first)
        for (int i = 0; i < 12; i++) {
            String later = new TransactionTemplate(transactions).execute(s -> setting());
            assertThat(later).isEqualTo("on");
        }
        assertThat(readings.intervals(meter, Channel.FORWARD_ACTIVE, LocalDate.of(2026, 4, 2)))
                .isPresent();
    }

    @Test
    void anAuditedTransactionCommitsSynchronously() {
        String inside = new TransactionTemplate(transactions).execute(s -> {
            audit.record(clerk, "test.durable", "test", UUID.randomUUID().toString(), Map.of());
            return setting();
        });
        assertThat(inside).isEqualTo("on");
    }
}
