package io.gridhall.notification.internal;

import io.gridhall.notification.Channel;
import io.gridhall.shared.Simulated;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps a copy of every SMS, WeChat message and e-mail handed to an operator, so a demo user or a
 * test can read the sign-in code that "went" to a phone. Exists only in the demo and the tests
 * ({@link Simulated}).
 */
@Component
@Simulated
public class DevInbox {

    public record Entry(
            long id,
            Channel channel,
            String address,
            String subject,
            String body,
            String providerMessageId,
            OffsetDateTime createdAt) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SealedAddresses addresses;

    DevInbox(JdbcClient jdbc, Clock clock, SealedAddresses addresses) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.addresses = addresses;
    }

    void record(Outgoing message, String providerMessageId) {
        if (message.channel() == Channel.IN_APP) return;
        jdbc.sql("""
                        insert into notification.dev_inbox (delivery_id, channel, address_enc, address_hash, subject, body,
                            provider_message_id, created_at)
                        values (:delivery, :channel, :address, :hash, :subject, :body, :provider, :now)
                        on conflict (delivery_id) do nothing""")
                .param("delivery", message.deliveryId())
                .param("channel", message.channel().name())
                .param("address", addresses.seal(message.address()))
                .param("hash", addresses.lookupHash(message.address()))
                .param("subject", message.subject())
                .param("body", message.body())
                .param("provider", providerMessageId)
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
    }

    /** Newest first; {@code address} and {@code channel} narrow the list when given. */
    public List<Entry> latest(String address, Channel channel, int limit) {
        return jdbc.sql("""
                        select id, channel, address_enc, address, subject, body, provider_message_id, created_at
                        from notification.dev_inbox
                        where (cast(:hash as bytea) is null or address_hash = :hash)
                          and (cast(:channel as text) is null or channel = :channel)
                        order by id desc limit :limit""")
                .param("hash", addresses.lookupHash(address), java.sql.Types.BINARY)
                .param("channel", channel == null ? null : channel.name())
                .param("limit", limit)
                .query((rs, n) -> new Entry(
                        rs.getLong("id"),
                        Channel.valueOf(rs.getString("channel")),
                        addresses.open(rs.getBytes("address_enc"), rs.getString("address")),
                        rs.getString("subject"),
                        rs.getString("body"),
                        rs.getString("provider_message_id"),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .list();
    }
}
