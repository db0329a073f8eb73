package io.gridhall.notification.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** How each user can be reached. */
@Component
public class Contacts {

    public record Contact(String phone, String email, String wechatOpenId) {
        static final Contact NONE = new Contact(null, null, null);
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    Contacts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Contact of(long userId) {
        return find(userId).orElse(Contact.NONE);
    }

    Optional<Contact> find(long userId) {
        return jdbc.sql("select phone, email, wechat_open_id from notification.contact where user_id = :id")
                .param("id", userId)
                .query((rs, n) -> new Contact(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    void update(long userId, String phone, String email, String wechatOpenId) {
        jdbc.sql("""
                        insert into notification.contact (user_id, phone, email, wechat_open_id, updated_at)
                        values (:id, :phone, :email, :openId, :now)
                        on conflict (user_id) do update set phone = excluded.phone, email = excluded.email,
                            wechat_open_id = excluded.wechat_open_id, updated_at = excluded.updated_at""")
                .param("id", userId)
                .param("phone", blankToNull(phone))
                .param("email", blankToNull(email))
                .param("openId", blankToNull(wechatOpenId))
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
