package io.gridhall.notification.internal;

import io.gridhall.notification.Category;
import io.gridhall.notification.Channel;
import io.gridhall.shared.Problem;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Which channels each user wants per category; rows exist only for categories a user changed. */
@Component
public class Preferences {

    /** Marketing is opt-in; service notices always go by SMS as well (codes must arrive). */
    static final Map<Category, Set<Channel>> DEFAULTS = Map.of(
            Category.SERVICE, EnumSet.of(Channel.SMS, Channel.IN_APP),
            Category.BILLING, EnumSet.of(Channel.SMS, Channel.IN_APP),
            Category.OUTAGE, EnumSet.of(Channel.SMS, Channel.WECHAT, Channel.IN_APP),
            Category.MARKETING, EnumSet.noneOf(Channel.class));

    /** Channels a user cannot turn off, per category. */
    public static Set<Channel> fixed(Category category) {
        return category == Category.SERVICE ? EnumSet.of(Channel.SMS) : EnumSet.noneOf(Channel.class);
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    Preferences(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Every category, with the user's choice or the default. */
    public Map<Category, Set<Channel>> of(long userId) {
        Map<Category, Set<Channel>> all = new EnumMap<>(Category.class);
        DEFAULTS.forEach((c, channels) -> all.put(c, EnumSet.copyOf(withFixed(c, channels))));
        jdbc.sql("select category, array_to_string(channels, ',') from notification.preference where user_id = :id")
                .param("id", userId)
                .query((rs, n) -> Map.entry(Category.valueOf(rs.getString(1)), parse(rs.getString(2))))
                .list()
                .forEach(e -> all.put(e.getKey(), withFixed(e.getKey(), e.getValue())));
        return all;
    }

    Set<Channel> channels(long userId, Category category) {
        return of(userId).get(category);
    }

    /** Replaces the user's choice for the categories given; the others keep theirs. */
    @Transactional
    public Map<Category, Set<Channel>> update(long userId, Map<Category, Set<Channel>> choices) {
        choices.forEach((category, channels) -> {
            if (!channels.containsAll(fixed(category))) {
                throw Problem.badRequest(
                        "notification-channel-fixed",
                        category.name(),
                        fixed(category).stream().map(Enum::name).collect(Collectors.joining(", ")));
            }
        });
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        choices.forEach((category, channels) -> jdbc.sql("""
                        insert into notification.preference (user_id, category, channels, updated_at)
                        values (:id, :category, string_to_array(:channels, ','), :now)
                        on conflict (user_id, category) do update
                            set channels = excluded.channels, updated_at = excluded.updated_at""")
                .param("id", userId)
                .param("category", category.name())
                .param("channels", channels.stream().sorted().map(Enum::name).collect(Collectors.joining(",")))
                .param("now", now)
                .update());
        return of(userId);
    }

    private static Set<Channel> withFixed(Category category, Set<Channel> channels) {
        Set<Channel> all = EnumSet.noneOf(Channel.class);
        all.addAll(channels);
        all.addAll(fixed(category));
        return all;
    }

    private static Set<Channel> parse(String csv) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        if (csv != null && !csv.isEmpty())
            Arrays.stream(csv.split(",")).map(Channel::valueOf).forEach(channels::add);
        return channels;
    }
}
