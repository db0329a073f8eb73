package io.gridhall.notification.internal;

import io.gridhall.notification.Category;
import io.gridhall.notification.Channel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works the outbox: claims due deliveries with {@code FOR UPDATE SKIP LOCKED} (so any number of
 * nodes can poll), marks them SENDING under a lease, hands them to the channel adapters outside any
 * transaction, then records SENT, FAILED_RETRYING (with back-off) or DEAD. A node that dies
 * mid-send leaves a SENDING row whose lease runs out; the next poll on any node puts it back.
 * Result updates are fenced by the attempt number, so a node that comes back late cannot overwrite
 * the outcome of a newer attempt.
 */
@Component
public class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int MAX_ERROR_LENGTH = 1000;
    /** What is left of a one-time code's text once it was delivered or given up. */
    static final String REMOVED = "(one-time code removed)";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> PARAMETERS = new TypeReference<>() {};

    record Claimed(int attempts, Outgoing message) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ChannelAdapters adapters;
    private final BackOff backOff;
    private final NotificationSettings.Dispatch settings;
    private final DevInbox devInbox;
    private final SealedAddresses addresses;

    @Autowired
    Dispatcher(
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            Clock clock,
            ChannelAdapters adapters,
            BackOff backOff,
            NotificationSettings settings,
            ObjectProvider<DevInbox> devInbox,
            SealedAddresses addresses) {
        this(
                jdbc,
                new TransactionTemplate(transactions),
                clock,
                adapters,
                backOff,
                settings.dispatch(),
                devInbox.getIfAvailable(),
                addresses);
    }

    Dispatcher(
            JdbcClient jdbc,
            TransactionTemplate tx,
            Clock clock,
            List<ChannelAdapter> adapters,
            BackOff backOff,
            NotificationSettings.Dispatch settings,
            DevInbox devInbox,
            SealedAddresses addresses) {
        this(jdbc, tx, clock, new ChannelAdapters(adapters), backOff, settings, devInbox, addresses);
    }

    private Dispatcher(
            JdbcClient jdbc,
            TransactionTemplate tx,
            Clock clock,
            ChannelAdapters adapters,
            BackOff backOff,
            NotificationSettings.Dispatch settings,
            DevInbox devInbox,
            SealedAddresses addresses) {
        this.addresses = addresses;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.adapters = adapters;
        this.backOff = backOff;
        this.settings = settings;
        this.devInbox = devInbox;
    }

    /** One poll: recover expired leases, claim a batch of due deliveries and send them; returns how many. */
    public int dispatchDue() {
        return dispatchDue(null);
    }

    /** As {@link #dispatchDue()}, limited to messages whose key starts with the prefix (tests, draining one sender). */
    int dispatchDue(String keyPrefix) {
        recoverExpiredLeases(keyPrefix);
        List<Claimed> batch = claim(keyPrefix);
        batch.forEach(this::deliver);
        return batch.size();
    }

    int recoverExpiredLeases(String keyPrefix) {
        int recovered = jdbc.sql("""
                        update notification.delivery d
                           set status = case when d.attempts >= :max then 'DEAD' else 'PENDING' end,
                               next_attempt_at = :now, lease_until = null,
                               body = case when d.secret and d.attempts >= :max then :removed else d.body end,
                               parameters = case when d.secret and d.attempts >= :max then null else d.parameters end,
                               last_error = 'lease expired while sending (the node stopped or hung)'
                          from notification.message m
                         where m.id = d.message_id and d.status = 'SENDING' and d.lease_until < :now
                           and (cast(:prefix as text) is null or starts_with(m.idempotency_key, :prefix))""")
                .param("max", settings.maxAttempts())
                .param("now", utc(clock.instant()))
                .param("removed", REMOVED)
                .param("prefix", keyPrefix)
                .update();
        if (recovered > 0) log.warn("Took back {} deliveries whose sending lease expired", recovered);
        return recovered;
    }

    List<Claimed> claim(String keyPrefix) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        update notification.delivery d
                           set status = 'SENDING', attempts = d.attempts + 1, lease_until = :leaseUntil
                          from notification.message m
                         where m.id = d.message_id and d.id in (
                               select x.id from notification.delivery x
                                 join notification.message k on k.id = x.message_id
                                where x.status in ('PENDING', 'FAILED_RETRYING') and x.next_attempt_at <= :now
                                  and (cast(:prefix as text) is null or starts_with(k.idempotency_key, :prefix))
                                order by x.next_attempt_at, x.id
                                limit :limit
                                for update of x skip locked)
                        returning d.id, d.attempts, d.channel, d.address_enc, d.address, m.category, m.template, d.parameters, d.subject, d.body,
                                  m.created_at""")
                .param("leaseUntil", utc(now.plus(settings.lease())))
                .param("now", utc(now))
                .param("prefix", keyPrefix)
                .param("limit", settings.batchSize())
                .query((rs, n) -> new Claimed(
                        rs.getInt("attempts"),
                        new Outgoing(
                                rs.getLong("id"),
                                Channel.valueOf(rs.getString("channel")),
                                addresses.open(rs.getBytes("address_enc"), rs.getString("address")),
                                Category.valueOf(rs.getString("category")),
                                rs.getString("template"),
                                parameters(rs.getString("parameters")),
                                rs.getString("subject"),
                                rs.getString("body"),
                                rs.getObject("created_at", OffsetDateTime.class))))
                .list();
    }

    void deliver(Claimed claimed) {
        Outgoing message = claimed.message();
        ChannelAdapter adapter = adapters.of(message.channel()).orElse(null);
        if (adapter == null) {
            failed(claimed, "no adapter for channel " + message.channel(), true);
            return;
        }
        String providerId;
        try {
            providerId = adapter.deliver(message);
        } catch (DeliveryFailed e) {
            failed(claimed, e.getMessage(), e.permanent());
            return;
        } catch (RuntimeException e) {
            failed(claimed, e.toString(), false);
            return;
        }
        sent(claimed, providerId);
    }

    private void sent(Claimed claimed, String providerId) {
        tx.executeWithoutResult(status -> {
            // PENDING too: a lease recovered while the operator was still answering; the send did happen
            int updated = jdbc.sql("""
                            update notification.delivery
                               set status = 'SENT', sent_at = :now, provider_message_id = :provider,
                                   lease_until = null, last_error = null,
                                   body = case when secret then :removed else body end,
                                   parameters = case when secret then null else parameters end
                             where id = :id and attempts = :attempts and status in ('SENDING', 'PENDING')""")
                    .param("now", utc(clock.instant()))
                    .param("provider", providerId)
                    .param("removed", REMOVED)
                    .param("id", claimed.message().deliveryId())
                    .param("attempts", claimed.attempts())
                    .update();
            if (updated == 0) {
                log.warn(
                        "Delivery {} was taken over by another attempt; its result is dropped",
                        claimed.message().deliveryId());
            }
            if (devInbox != null) devInbox.record(claimed.message(), providerId);
        });
    }

    private void failed(Claimed claimed, String error, boolean permanent) {
        boolean dead = permanent || claimed.attempts() >= settings.maxAttempts();
        Duration wait = dead ? Duration.ZERO : backOff.delay(claimed.attempts());
        Instant now = clock.instant();
        String reason = error == null ? "unknown error" : error;
        if (reason.length() > MAX_ERROR_LENGTH) reason = reason.substring(0, MAX_ERROR_LENGTH);
        int updated = jdbc.sql("""
                        update notification.delivery
                           set status = :status, next_attempt_at = :next, lease_until = null, last_error = :error,
                               body = case when secret and :status = 'DEAD' then :removed else body end,
                               parameters = case when secret and :status = 'DEAD' then null else parameters end
                         where id = :id and attempts = :attempts and status = 'SENDING'""")
                .param("status", dead ? "DEAD" : "FAILED_RETRYING")
                .param("next", utc(now.plus(wait)))
                .param("error", reason)
                .param("removed", REMOVED)
                .param("id", claimed.message().deliveryId())
                .param("attempts", claimed.attempts())
                .update();
        if (updated == 0) return;
        if (dead) {
            log.error(
                    "Delivery {} by {} is DEAD after {} attempts: {}",
                    claimed.message().deliveryId(),
                    claimed.message().channel(),
                    claimed.attempts(),
                    reason);
        } else {
            log.info(
                    "Delivery {} by {} failed (attempt {}), retrying in {}: {}",
                    claimed.message().deliveryId(),
                    claimed.message().channel(),
                    claimed.attempts(),
                    wait,
                    reason);
        }
    }

    private static Map<String, String> parameters(String json) {
        return json == null ? Map.of() : JSON.readValue(json, PARAMETERS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
