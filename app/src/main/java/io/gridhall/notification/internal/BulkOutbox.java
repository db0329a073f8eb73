package io.gridhall.notification.internal;

import io.gridhall.notification.BulkNotify;
import io.gridhall.notification.BulkSms;
import io.gridhall.notification.Category;
import io.gridhall.notification.Channel;
import io.gridhall.shared.BulkCopy;
import io.gridhall.shared.Problem;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox for one message to many users (ADR 0007, ADR 0013): the same rows {@link Outbox#send} writes, by two
 * set-based statements over a temporary table of the users, so a notice to a million customers is queued in seconds
 * and the {@link Dispatcher} works it like any other delivery. The channel choice is the one {@link Outbox#targets}
 * makes for a user without requested channels, in SQL: the user's preference row for the category or the
 * defaults, plus the fixed channels, minus channels this node cannot carry and channels without an address. Each user
 * reads it in the language they chose (zh-CN or en), otherwise in the batch's.
 */
@Component
class BulkOutbox {

    private static final Logger log = LoggerFactory.getLogger(BulkOutbox.class);
    static final int MAX_PREFIX_LENGTH = Outbox.MAX_KEY_LENGTH - 20;
    /** Users sealed and copied per round trip: bounded memory whatever the batch. */
    static final int CHUNK = 50_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Clock clock;
    private final Templates templates;
    private final ChannelAdapters adapters;
    private final SealedAddresses addresses;

    BulkOutbox(
            JdbcClient jdbc,
            DataSource dataSource,
            Clock clock,
            Templates templates,
            ChannelAdapters adapters,
            SealedAddresses addresses) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.clock = clock;
        this.templates = templates;
        this.adapters = adapters;
        this.addresses = addresses;
    }

    /** Must run inside a transaction (the temporary tables live until its end). */
    long send(BulkNotify request) {
        if (request.keyPrefix() == null
                || request.keyPrefix().isBlank()
                || request.keyPrefix().length() > MAX_PREFIX_LENGTH) {
            throw Problem.badRequest("notification-key-invalid", MAX_PREFIX_LENGTH);
        }
        Templates.Template template = templates.find(request.template(), request.locale());
        if (template.secret()) {
            throw new IllegalArgumentException("A secret template goes to one address at a time: " + template.name());
        }
        // each user reads it in the language they chose, or in the batch's
        Templates.Rendered chinese =
                templates.find(request.template(), Locale.SIMPLIFIED_CHINESE).render(request.parameters());
        Templates.Rendered english =
                templates.find(request.template(), Locale.ENGLISH).render(request.parameters());
        long[] users = LongStream.of(request.userIds()).sorted().distinct().toArray();
        if (users.length == 0) return 0;
        long started = System.nanoTime();

        jdbc.sql("""
                        create temp table if not exists notification_bulk_user (user_id bigint not null, in_app_enc bytea)
                        on commit delete rows""").update();
        jdbc.sql("""
                        create temp table if not exists notification_bulk_message (id bigint not null, user_id bigint not null,
                            locale text)
                        on commit delete rows""").update();
        jdbc.sql("truncate notification_bulk_user, notification_bulk_message").update();
        for (int from = 0; from < users.length; from += CHUNK) {
            // the in-app address is the user id, sealed like every other address (MessageCentre opens it)
            List<long[]> chunk = Arrays.stream(users, from, Math.min(users.length, from + CHUNK))
                    .mapToObj(u -> new long[] {u})
                    .toList();
            BulkCopy.copy(dataSource, "notification_bulk_user", "user_id, in_app_enc", chunk, u ->
                    new Object[] {u[0], addresses.seal(Long.toString(u[0]))});
        }
        jdbc.sql("analyze notification_bulk_user").update();
        long copied = System.nanoTime();

        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Category category = template.category();
        long messages = jdbc.sql("""
                        with queued as (
                            insert into notification.message (idempotency_key, user_id, template, category, locale, created_at)
                            select :prefix || b.user_id, b.user_id, :template, :category,
                                   coalesce(k.language, :locale), :now
                            from notification_bulk_user b left join notification.contact k on k.user_id = b.user_id
                            on conflict (idempotency_key) do nothing
                            returning id, user_id, locale)
                        insert into notification_bulk_message (id, user_id, locale) select id, user_id, locale from queued""")
                .param("prefix", request.keyPrefix())
                .param("template", template.name())
                .param("category", category.name())
                .param("locale", template.language())
                .param("now", now)
                .update();
        long queuedMessages = System.nanoTime();
        if (messages < users.length) {
            log.debug(
                    "Bulk notification {}: {} of {} users already had it",
                    request.keyPrefix(),
                    users.length - messages,
                    users.length);
        }
        String[] carried = Arrays.stream(Channel.values())
                .filter(c -> adapters.carries(c, template.name()))
                .map(Enum::name)
                .toArray(String[]::new);
        long deliveries = jdbc.sql("""
                        insert into notification.delivery (message_id, channel, address_enc, address, user_id, subject, body,
                            parameters, secret, status, next_attempt_at, created_at)
                        select message_id, channel, address_enc, address, user_id,
                               case when locale = 'en' then :enSubject else :subject end,
                               case when locale = 'en' then :enBody else :body end,
                               cast(:parameters as jsonb), false, 'PENDING', :now, :now
                        from (
                            select distinct on (m.id, ch.channel) m.id as message_id, ch.channel, m.user_id, m.locale,
                                   case ch.channel when 'SMS' then k.phone_enc when 'EMAIL' then k.email_enc
                                                   when 'WECHAT' then k.wechat_open_id_enc when 'IN_APP' then b.in_app_enc end as address_enc,
                                   -- a contact an earlier version stored in clear and start-up has not sealed yet
                                   case ch.channel when 'SMS' then k.phone when 'EMAIL' then k.email
                                                   when 'WECHAT' then k.wechat_open_id end as address
                            from notification_bulk_message m
                            join notification_bulk_user b on b.user_id = m.user_id
                            left join notification.preference p on p.user_id = m.user_id and p.category = :category
                            left join notification.contact k on k.user_id = m.user_id
                            cross join lateral unnest(coalesce(p.channels, cast(:defaults as text[])) || cast(:fixed as text[])) as ch(channel)
                            where ch.channel = any(cast(:carried as text[]))
                            order by m.id, ch.channel) chosen
                        where address_enc is not null or nullif(address, '') is not null""")
                .param("subject", chinese.subject())
                .param("body", chinese.body())
                .param("enSubject", english.subject())
                .param("enBody", english.body())
                .param("parameters", JSON.writeValueAsString(request.parameters()))
                .param("now", now)
                .param("category", category.name())
                .param("defaults", names(Preferences.DEFAULTS.get(category)))
                .param("fixed", names(Preferences.fixed(category)))
                .param("carried", carried)
                .update();
        long done = System.nanoTime();
        log.info(
                "Bulk notification {} ({}): {} messages, {} deliveries queued in {} ms (users sealed and copied {} ms,"
                        + " messages {} ms, deliveries {} ms)",
                request.keyPrefix(),
                template.name(),
                messages,
                deliveries,
                (done - started) / 1_000_000,
                (copied - started) / 1_000_000,
                (queuedMessages - copied) / 1_000_000,
                (done - queuedMessages) / 1_000_000);
        return messages;
    }

    /** Must run inside a transaction (the temporary tables live until its end). */
    long send(BulkSms request) {
        if (request.keyPrefix() == null
                || request.keyPrefix().isBlank()
                || request.keyPrefix().length() > MAX_PREFIX_LENGTH) {
            throw Problem.badRequest("notification-key-invalid", MAX_PREFIX_LENGTH);
        }
        Templates.Template template = templates.find(request.template(), request.locale());
        if (template.secret()) {
            throw new IllegalArgumentException("A secret template goes to one address at a time: " + template.name());
        }
        Templates.Rendered text = template.render(request.parameters());
        Map<String, String> phones = new LinkedHashMap<>();
        for (BulkSms.Phone p : request.phones()) {
            if (p.key() == null || p.key().isBlank() || p.key().length() > 20) {
                throw new IllegalArgumentException("A phone's key is 1..20 characters");
            }
            if (p.number() != null && !p.number().isBlank())
                phones.putIfAbsent(p.key(), p.number().strip());
        }
        if (phones.isEmpty()) return 0;
        long started = System.nanoTime();

        jdbc.sql("""
                        create temp table if not exists notification_bulk_phone (key text not null, address_enc bytea not null)
                        on commit delete rows""").update();
        jdbc.sql("""
                        create temp table if not exists notification_bulk_phone_message (id bigint not null, key text not null)
                        on commit delete rows""").update();
        jdbc.sql("truncate notification_bulk_phone, notification_bulk_phone_message")
                .update();
        List<Map.Entry<String, String>> all = List.copyOf(phones.entrySet());
        for (int from = 0; from < all.size(); from += CHUNK) {
            BulkCopy.copy(
                    dataSource,
                    "notification_bulk_phone",
                    "key, address_enc",
                    all.subList(from, Math.min(all.size(), from + CHUNK)),
                    e -> new Object[] {e.getKey(), addresses.seal(e.getValue())});
        }
        jdbc.sql("analyze notification_bulk_phone").update();

        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        long messages = jdbc.sql("""
                        with queued as (
                            insert into notification.message (idempotency_key, user_id, template, category, locale, created_at)
                            select :prefix || p.key, null, :template, :category, :locale, :now
                            from notification_bulk_phone p
                            on conflict (idempotency_key) do nothing
                            returning id, idempotency_key)
                        insert into notification_bulk_phone_message (id, key)
                        select id, substr(idempotency_key, length(:prefix) + 1) from queued""")
                .param("prefix", request.keyPrefix())
                .param("template", template.name())
                .param("category", template.category().name())
                .param("locale", template.language())
                .param("now", now)
                .update();
        long deliveries = 0;
        if (adapters.carries(Channel.SMS, template.name())) {
            deliveries = jdbc.sql("""
                            insert into notification.delivery (message_id, channel, address_enc, user_id, subject, body,
                                parameters, secret, status, next_attempt_at, created_at)
                            select m.id, 'SMS', p.address_enc, null, :subject, :body, cast(:parameters as jsonb), false,
                                   'PENDING', :now, :now
                            from notification_bulk_phone_message m join notification_bulk_phone p on p.key = m.key""")
                    .param("subject", text.subject())
                    .param("body", text.body())
                    .param("parameters", JSON.writeValueAsString(request.parameters()))
                    .param("now", now)
                    .update();
        } else {
            log.warn(
                    "Bulk SMS {} ({}): SMS cannot go out from this node, messages queued without a delivery",
                    request.keyPrefix(),
                    template.name());
        }
        log.info(
                "Bulk SMS {} ({}): {} messages, {} deliveries queued in {} ms",
                request.keyPrefix(),
                template.name(),
                messages,
                deliveries,
                (System.nanoTime() - started) / 1_000_000);
        return messages;
    }

    private static String[] names(Set<Channel> channels) {
        return channels.stream().map(Enum::name).sorted().toArray(String[]::new);
    }
}
