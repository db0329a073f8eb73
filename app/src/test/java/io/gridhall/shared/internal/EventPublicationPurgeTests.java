package io.gridhall.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class EventPublicationPurgeTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EventPublicationPurge purge;

    UUID publication(Duration completedAgo) {
        UUID id = UUID.randomUUID();
        // the registry's own clock is the system's: completion dates are compared with it
        Instant completed = completedAgo == null ? null : Instant.now().minus(completedAgo);
        jdbc.sql("""
                insert into platform.event_publication (id, listener_id, event_type, serialized_event,
                    publication_date, completion_date, status, completion_attempts)
                values (?, 'test.listener', 'test.Event', '{}', ?, ?, ?, 1)""")
                .params(
                        id,
                        Timestamp.from(Instant.now().minus(Duration.ofDays(30))),
                        completed == null ? null : Timestamp.from(completed),
                        completed == null ? "PROCESSING" : "COMPLETED")
                .update();
        return id;
    }

    boolean exists(UUID id) {
        return jdbc.sql("select exists (select 1 from platform.event_publication where id = ?)")
                .param(id)
                .query(Boolean.class)
                .single();
    }

    @Test
    void dropsPublicationsCompletedMoreThanAWeekAgoAndKeepsTheRest() {
        UUID old = publication(Duration.ofDays(8));
        UUID recent = publication(Duration.ofDays(2));
        UUID open = publication(null);

        purge.purge();

        assertThat(exists(old)).isFalse();
        assertThat(exists(recent)).isTrue();
        assertThat(exists(open)).as("a publication still to be processed").isTrue();
        jdbc.sql("delete from platform.event_publication where id in (?, ?)")
                .params(recent, open)
                .update();
    }
}
