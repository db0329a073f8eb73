package io.gridhall.outage.internal;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.grid.Grid;
import io.gridhall.grid.SupplyPath;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.outage.OutageId;
import io.gridhall.outage.OutageSubscriptions;
import io.gridhall.outage.SubscriptionView;
import io.gridhall.shared.Problem;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Subscriptions to outage notices (OUT-2), and who hears a notice through them. */
@Service
@Transactional
class OutageSubscribing implements OutageSubscriptions {

    private final JdbcClient jdbc;
    private final Customers customers;
    private final Grid grid;
    private final Audit audit;
    private final Clock clock;

    OutageSubscribing(JdbcClient jdbc, Customers customers, Grid grid, Audit audit, Clock clock) {
        this.jdbc = jdbc;
        this.customers = customers;
        this.grid = grid;
        this.audit = audit;
        this.clock = clock;
    }

    private static void requireCustomer(Actor actor) {
        if (!actor.isCustomer()) throw Problem.forbidden("portal-customers-only");
    }

    @Override
    @Transactional(readOnly = true)
    public List<SubscriptionView> mine(Actor actor) {
        requireCustomer(actor);
        return jdbc.sql("select id, kind, target_id, label, created_at from outage.subscription where user_id = :u"
                        + " order by id")
                .param("u", actor.userId().value())
                .query((rs, n) -> new SubscriptionView(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class)))
                .list();
    }

    @Override
    public SubscriptionView subscribe(Actor actor, String accountNumber, String accountName, boolean area) {
        requireCustomer(actor);
        long user = actor.userId().value();
        String number = accountNumber == null ? "" : accountNumber.strip();
        Optional<SupplyAccountView> found = customers.accountByNumber(number);
        boolean own = found.isPresent()
                && customers.portalAccounts(actor.userId()).stream()
                        .anyMatch(a -> a.id() == found.get().id());
        boolean named = found.isPresent()
                && accountName != null
                && found.get().accountName() != null
                && found.get().accountName().strip().equals(accountName.strip());
        if (!own && !named) throw Problem.notFound("supply-account");
        SupplyAccountView account = found.get();
        String kind;
        long target;
        String label;
        if (area) {
            SupplyPath.Node node = grid.supplyPath(account.id())
                    .map(SupplyPath::area)
                    .orElseThrow(() -> Problem.notFound("grid-node"));
            kind = "AREA";
            target = node.id();
            label = node.name();
        } else {
            kind = "ACCOUNT";
            target = account.id();
            label = account.accountNumber();
        }
        // serialised per user, so the cap holds under concurrent requests
        jdbc.sql("select pg_advisory_xact_lock(hashtext('outage.subscription'), hashtext(:u::text))")
                .param("u", user)
                .query()
                .singleValue();
        Optional<SubscriptionView> existing = mine(actor).stream()
                .filter(s -> s.kind().equals(kind) && s.targetId() == target)
                .findFirst();
        if (existing.isPresent()) return existing.get();
        if (mine(actor).size() >= MAX_PER_USER) {
            throw Problem.badRequest("outage-subscriptions-too-many", MAX_PER_USER);
        }
        OffsetDateTime now =
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        long id = jdbc.sql("insert into outage.subscription (user_id, kind, target_id, label, created_at)"
                        + " values (:u, :k, :t, :l, :now) returning id")
                .param("u", user)
                .param("k", kind)
                .param("t", target)
                .param("l", label)
                .param("now", now)
                .query(Long.class)
                .single();
        audit.record(actor, "outage.subscribed", "outage-subscription", Long.toString(id), Map.of("kind", kind));
        return new SubscriptionView(id, kind, target, label, now);
    }

    @Override
    public void unsubscribe(Actor actor, long id) {
        requireCustomer(actor);
        int n = jdbc.sql("delete from outage.subscription where id = :id and user_id = :u")
                .param("id", id)
                .param("u", actor.userId().value())
                .update();
        if (n == 0) throw Problem.notFound("outage-subscription");
        audit.record(actor, "outage.unsubscribed", "outage-subscription", Long.toString(id), Map.of());
    }

    /**
     * The users subscribed to an affected account or an affected transformer area of the outage (as kept), ascending:
     * one query, driven by the few subscriptions against the kept rows' keys.
     */
    long[] subscribers(OutageId outage) {
        return jdbc.sql("""
                select s.user_id from outage.subscription s
                where (s.kind = 'ACCOUNT' and exists (select 1 from outage.affected_account a
                        where a.outage_id = :o and a.supply_account_id = s.target_id))
                   or (s.kind = 'AREA' and exists (select 1 from outage.affected_place p
                        where p.outage_id = :o and p.node_type = 'AREA' and p.node_id = s.target_id))
                group by s.user_id order by s.user_id""").param("o", outage.value()).query(Long.class).list().stream()
                .mapToLong(Long::longValue)
                .toArray();
    }
}
