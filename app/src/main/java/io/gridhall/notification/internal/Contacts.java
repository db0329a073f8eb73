package io.gridhall.notification.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** How each user can be reached; the addresses are sealed at rest ({@link SealedAddresses}). */
@Component
public class Contacts {

    public record Contact(String phone, String email, String wechatOpenId) {
        static final Contact NONE = new Contact(null, null, null);
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SealedAddresses addresses;

    Contacts(JdbcClient jdbc, Clock clock, SealedAddresses addresses) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.addresses = addresses;
    }

    public Contact of(long userId) {
        return find(userId).orElse(Contact.NONE);
    }

    Optional<Contact> find(long userId) {
        return jdbc.sql("""
                        select phone_enc, phone, email_enc, email, wechat_open_id_enc, wechat_open_id
                        from notification.contact where user_id = :id""")
                .param("id", userId)
                .query((rs, n) -> new Contact(
                        addresses.open(rs.getBytes(1), rs.getString(2)),
                        addresses.open(rs.getBytes(3), rs.getString(4)),
                        addresses.open(rs.getBytes(5), rs.getString(6))))
                .optional();
    }

    /** The language the user reads notices in: zh-CN unless they chose English. */
    public Locale language(long userId) {
        String language = jdbc.sql("select language from notification.contact where user_id = :id")
                .param("id", userId)
                .query(String.class)
                .optional()
                .orElse(null);
        return "en".equals(language) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
    }

    /** Keeps the user's language for notices (zh-CN or en, {@link Templates#language}); contacts stay. */
    public void updateLanguage(long userId, Locale locale) {
        jdbc.sql("""
                        insert into notification.contact (user_id, language, updated_at) values (:id, :language, :now)
                        on conflict (user_id) do update set language = excluded.language, updated_at = excluded.updated_at""")
                .param("id", userId)
                .param("language", Templates.language(locale))
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
    }

    void update(long userId, String phone, String email, String wechatOpenId) {
        jdbc.sql("""
                        insert into notification.contact (user_id, phone_enc, email_enc, wechat_open_id_enc, updated_at)
                        values (:id, :phone, :email, :openId, :now)
                        on conflict (user_id) do update set phone_enc = excluded.phone_enc, email_enc = excluded.email_enc,
                            wechat_open_id_enc = excluded.wechat_open_id_enc, phone = null, email = null,
                            wechat_open_id = null, updated_at = excluded.updated_at""")
                .param("id", userId)
                .param("phone", addresses.seal(phone), java.sql.Types.BINARY)
                .param("email", addresses.seal(email), java.sql.Types.BINARY)
                .param("openId", addresses.seal(wechatOpenId), java.sql.Types.BINARY)
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
    }
}
