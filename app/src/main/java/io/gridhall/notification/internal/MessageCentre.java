package io.gridhall.notification.internal;

import io.gridhall.notification.Category;
import io.gridhall.notification.Channel;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The in-app channel: each delivery becomes a row in the user's message centre. */
@Component
public class MessageCentre implements ChannelAdapter {

    public record Message(
            long id, Category category, String subject, String body, OffsetDateTime createdAt, OffsetDateTime readAt) {}

    public record Page(List<Message> items, long total, long unread) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    MessageCentre(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Channel channel() {
        return Channel.IN_APP;
    }

    @Override
    public String deliver(Outgoing message) {
        long userId;
        try {
            userId = Long.parseLong(message.address());
        } catch (NumberFormatException e) {
            throw DeliveryFailed.permanent("not a user id");
        }
        // a resend after a crash finds the row it wrote the first time
        jdbc.sql("""
                        insert into notification.user_message (user_id, delivery_id, category, subject, body, created_at)
                        values (:user, :delivery, :category, :subject, :body, :now)
                        on conflict (delivery_id) do nothing""")
                .param("user", userId)
                .param("delivery", message.deliveryId())
                .param("category", message.category().name())
                .param("subject", message.subject())
                .param("body", message.body())
                .param("now", message.queuedAt())
                .update();
        long id = jdbc.sql("select id from notification.user_message where delivery_id = :delivery")
                .param("delivery", message.deliveryId())
                .query(Long.class)
                .single();
        return "inapp-" + id;
    }

    /** The user's messages, newest first. */
    public Page page(long userId, int page, int size) {
        List<Message> items = jdbc.sql("""
                        select id, category, subject, body, created_at, read_at from notification.user_message
                        where user_id = :user order by created_at desc, id desc limit :size offset :offset""")
                .param("user", userId)
                .param("size", size)
                .param("offset", (long) page * size)
                .query((rs, n) -> new Message(
                        rs.getLong("id"),
                        Category.valueOf(rs.getString("category")),
                        rs.getString("subject"),
                        rs.getString("body"),
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("read_at", OffsetDateTime.class)))
                .list();
        return jdbc.sql("""
                        select count(*), count(*) filter (where read_at is null)
                        from notification.user_message where user_id = :user""")
                .param("user", userId)
                .query((rs, n) -> new Page(items, rs.getLong(1), rs.getLong(2)))
                .single();
    }

    /** Marks the user's own message read; false when there is no such message of theirs. */
    public boolean markRead(long userId, long messageId) {
        int owned = jdbc.sql("""
                        update notification.user_message set read_at = coalesce(read_at, :now)
                        where id = :id and user_id = :user""")
                .param("now", now())
                .param("id", messageId)
                .param("user", userId)
                .update();
        return owned == 1;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
