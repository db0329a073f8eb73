package io.gridhall.notification.internal;

import io.gridhall.notification.BulkNotify;
import io.gridhall.notification.BulkSms;
import io.gridhall.notification.Category;
import io.gridhall.notification.Channel;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import io.gridhall.notification.Notify.Recipient;
import io.gridhall.shared.Problem;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes messages to the outbox in the caller's transaction. Texts are rendered here, not when
 * sending: a bad template name or a missing parameter fails the caller at once (not minutes later in
 * a log), the outbox row holds exactly what the person receives, and retries never change the text
 * when a template is edited in between.
 */
@Service
class Outbox implements Notifications {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    static final int MAX_KEY_LENGTH = 200;
    static final Set<Channel> SECRET_CHANNELS = EnumSet.of(Channel.SMS, Channel.EMAIL);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Target(Channel channel, String address) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Templates templates;
    private final Contacts contacts;
    private final Preferences preferences;
    private final ChannelAdapters adapters;
    private final SealedAddresses addresses;
    private final BulkOutbox bulk;

    Outbox(
            JdbcClient jdbc,
            Clock clock,
            Templates templates,
            Contacts contacts,
            Preferences preferences,
            ChannelAdapters adapters,
            SealedAddresses addresses,
            BulkOutbox bulk) {
        this.addresses = addresses;
        this.bulk = bulk;
        this.jdbc = jdbc;
        this.clock = clock;
        this.templates = templates;
        this.contacts = contacts;
        this.preferences = preferences;
        this.adapters = adapters;
    }

    /** The request's language, or for a user without one the language they read notices in (zh-CN unless en). */
    private java.util.Locale locale(Notify request) {
        if (request.locale() != null) return request.locale();
        Long userId = request.recipient().userId();
        return userId == null ? null : contacts.language(userId);
    }

    /** REQUIRED, not MANDATORY: a caller with nothing else to write (a sign-in code) needs no transaction. */
    @Override
    @Transactional(propagation = Propagation.REQUIRED)
    public void send(Notify request) {
        if (request.key() == null || request.key().isBlank() || request.key().length() > MAX_KEY_LENGTH) {
            throw Problem.badRequest("notification-key-invalid", MAX_KEY_LENGTH);
        }
        Templates.Template template = templates.find(request.template(), locale(request));
        Templates.Rendered text = template.render(request.parameters());
        List<Target> targets = targets(request.recipient(), template.category(), request.channels());
        if (template.secret()) {
            // a code proves possession of a phone or mailbox: never show it in the app or on WeChat
            targets = targets.stream()
                    .filter(t -> SECRET_CHANNELS.contains(t.channel()))
                    .toList();
            if (request.recipient().userId() != null && request.channels().isEmpty()) {
                targets =
                        targets.stream().filter(t -> t.channel() == Channel.SMS).toList();
            }
            // a code that cannot go out must not be promised: the caller answers 503 instead
            Optional<Channel> missing = targets.stream()
                    .map(Target::channel)
                    .filter(c -> !adapters.carries(c, template.name()))
                    .findFirst();
            if (missing.isPresent()) {
                throw new Problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        missing.get() == Channel.EMAIL ? "email-unavailable" : "sms-unavailable");
            }
        } else {
            List<Target> reachable = targets.stream()
                    .filter(t -> adapters.carries(t.channel(), template.name()))
                    .toList();
            if (reachable.size() < targets.size()) {
                log.warn(
                        "Notification {} ({}) skips channels that cannot carry it on this node: {}",
                        request.key(),
                        template.name(),
                        targets.stream()
                                .map(Target::channel)
                                .filter(c -> !adapters.carries(c, template.name()))
                                .toList());
            }
            targets = reachable;
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Long userId = request.recipient().userId();

        Optional<Long> messageId = jdbc.sql("""
                        insert into notification.message (idempotency_key, user_id, template, category, locale, created_at)
                        values (:key, :userId, :template, :category, :locale, :now)
                        on conflict (idempotency_key) do nothing
                        returning id""")
                .param("key", request.key())
                .param("userId", userId)
                .param("template", template.name())
                .param("category", template.category().name())
                .param("locale", template.language())
                .param("now", now)
                .query(Long.class)
                .optional();
        if (messageId.isEmpty()) {
            log.debug("Notification {} already queued", request.key());
            return;
        }
        if (targets.isEmpty()) {
            log.warn(
                    "Notification {} ({}) has no reachable channel for user {}",
                    request.key(),
                    template.name(),
                    userId);
        }
        for (Target target : targets) {
            jdbc.sql("""
                            insert into notification.delivery (message_id, channel, address_enc, user_id, subject, body, parameters,
                                secret, status, next_attempt_at, created_at)
                            values (:message, :channel, :address, :userId, :subject, :body, cast(:parameters as jsonb),
                                :secret, 'PENDING', :now, :now)""")
                    .param("message", messageId.get())
                    .param("channel", target.channel().name())
                    .param("address", addresses.seal(target.address()))
                    .param("userId", userId)
                    .param("subject", text.subject())
                    .param("body", text.body())
                    .param("parameters", JSON.writeValueAsString(request.parameters()))
                    .param("secret", template.secret())
                    .param("now", now)
                    .update();
        }
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRED)
    public long sendToUsers(BulkNotify request) {
        return bulk.send(request);
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRED)
    public long sendToPhones(BulkSms request) {
        return bulk.send(request);
    }

    @Override
    @Transactional
    public void updateContacts(long userId, String phone, String email, String wechatOpenId) {
        contacts.update(userId, phone, email, wechatOpenId);
    }

    /** Where the message goes: a user's contacts per their preferences, or the bare address given. */
    List<Target> targets(Recipient recipient, Category category, Set<Channel> requested) {
        if (recipient == null || (recipient.userId() == null && blank(recipient.phone()) && blank(recipient.email()))) {
            throw Problem.badRequest("notification-recipient-missing");
        }
        List<Target> targets = new ArrayList<>();
        if (recipient.userId() == null) {
            if (!blank(recipient.phone()))
                targets.add(new Target(Channel.SMS, recipient.phone().strip()));
            if (!blank(recipient.email()))
                targets.add(new Target(Channel.EMAIL, recipient.email().strip()));
            return targets;
        }
        long userId = recipient.userId();
        Set<Channel> allowed = preferences.channels(userId, category);
        Set<Channel> chosen = EnumSet.noneOf(Channel.class);
        if (requested.isEmpty()) {
            chosen.addAll(allowed);
        } else {
            chosen.addAll(requested);
            // Outside service notices an opt-out always wins over what the sender asked for.
            if (category != Category.SERVICE) chosen.retainAll(allowed);
        }
        Contacts.Contact contact = contacts.of(userId);
        for (Channel channel : chosen) {
            String address = switch (channel) {
                case SMS ->
                    blank(recipient.phone())
                            ? contact.phone()
                            : recipient.phone().strip();
                case EMAIL ->
                    blank(recipient.email())
                            ? contact.email()
                            : recipient.email().strip();
                case WECHAT -> contact.wechatOpenId();
                case IN_APP -> Long.toString(userId);
            };
            if (!blank(address)) targets.add(new Target(channel, address));
        }
        return targets;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
