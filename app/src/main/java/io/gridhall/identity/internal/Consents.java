package io.gridhall.identity.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.UserId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which versions of the user agreement and privacy policy each customer accepted, kept append-only in
 * {@code identity.consent}. A customer whose latest acceptance of a document is not its current version
 * is asked again before using the portal.
 */
@Service
public class Consents {

    public static final String CHANNEL_SIGN_UP = "portal-sign-up";
    public static final String CHANNEL_PORTAL = "portal";

    private final JdbcClient jdbc;
    private final Audit audit;
    private final Clock clock;

    Consents(JdbcClient jdbc, Audit audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** One document: the version now in force, the version the customer last accepted (or null). */
    public record Status(String document, String current, String accepted, Instant acceptedAt) {
        public boolean pending() {
            return !current.equals(accepted);
        }
    }

    public List<Status> of(UserId customer) {
        Map<String, Object[]> latest = new HashMap<>();
        jdbc.sql("""
                SELECT DISTINCT ON (document) document, version, accepted_at FROM identity.consent
                WHERE user_id = ? ORDER BY document, accepted_at DESC, id DESC
                """)
                .param(customer.value())
                .query((rs, i) -> new Object[] {
                    rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()
                })
                .list()
                .forEach(r -> latest.put((String) r[0], r));
        return Arrays.stream(LegalDocuments.Document.values())
                .map(d -> {
                    Object[] r = latest.get(d.id);
                    return new Status(
                            d.id, d.current, r == null ? null : (String) r[1], r == null ? null : (Instant) r[2]);
                })
                .toList();
    }

    /** Records the acceptance of the current versions; refuses anything else with consent-required. */
    @Transactional
    public List<Status> accept(Actor customer, Map<String, String> accepted, String clientIp) {
        LegalDocuments.requireCurrent(accepted);
        record(customer, accepted, clock.instant(), CHANNEL_PORTAL, clientIp);
        return of(customer.userId());
    }

    /** Inserts one row per document; joins the caller's transaction. */
    void record(Actor customer, Map<String, String> accepted, Instant at, String channel, String clientIp) {
        for (var d : LegalDocuments.Document.values()) {
            jdbc.sql("""
                    INSERT INTO identity.consent (user_id, document, version, accepted_at, channel, client_ip)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
                    .params(customer.userId().value(), d.id, accepted.get(d.id), Timestamp.from(at), channel, clientIp)
                    .update();
        }
        audit.record(
                customer,
                "customer.consent",
                "customer",
                Long.toString(customer.userId().value()),
                Map.of("versions", LegalDocuments.encode(accepted), "channel", channel, "ip", clientIp));
    }
}
