package io.gridhall.notification.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Test fixtures: unique keys, phone numbers and user ids (the database is shared), and row reads. */
final class Outboxes {

    record Row(
            long id,
            String channel,
            /** the clear column: empty since the addresses are sealed */
            String address,
            byte[] sealedAddress,
            String status,
            int attempts,
            OffsetDateTime nextAttemptAt,
            String lastError,
            String providerMessageId,
            String body,
            String subject) {}

    private Outboxes() {}

    static String aKeyPrefix() {
        return "test-" + UUID.randomUUID() + "-";
    }

    static String aPhone() {
        return "139" + String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100_000_000L));
    }

    static long aUserId() {
        return Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 9_000_000_000L)
                + 1_000_000L; // at most 10 digits: never read as a phone number by the log scan
    }

    static List<Row> deliveries(JdbcClient jdbc, String keyPrefix) {
        return jdbc.sql("""
                        select d.id, d.channel, d.address, d.address_enc, d.status, d.attempts, d.next_attempt_at, d.last_error,
                               d.provider_message_id, d.body, d.subject
                        from notification.delivery d join notification.message m on m.id = d.message_id
                        where starts_with(m.idempotency_key, :prefix) order by d.id""")
                .param("prefix", keyPrefix)
                .query((rs, n) -> new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getBytes(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getObject(7, OffsetDateTime.class),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getString(11)))
                .list();
    }

    static long messages(JdbcClient jdbc, String keyPrefix) {
        return jdbc.sql("select count(*) from notification.message where starts_with(idempotency_key, :prefix)")
                .param("prefix", keyPrefix)
                .query(Long.class)
                .single();
    }
}
