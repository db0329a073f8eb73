package io.gridhall.payment.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.Permission;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Till close (日终轧账): a counter clerk's money of a business day, summed by channel from the ledger (the clerk's
 * entries on the CASH and CARD books: payments, and refunds and reversals they posted), against what the clerk
 * counted in the drawer and the card terminal's batch total. A difference is recorded with its reason. Once closed,
 * the till takes no more counter payments for that day and clerk: a payment holds a shared lock on the till while it
 * posts, a close an exclusive one, so none slips in between the sums and the close. Audited.
 */
@Service
public class ClosingTills {

    /** One channel of a till: payments taken, other movements (refunds, reversals), and the net the ledger holds. */
    public record ChannelSum(PaymentChannel channel, int payments, Money paymentsTotal, Money other, Money expected) {}

    public record Receipt(
            long postingId, String receiptNumber, Instant postedAt, PaymentChannel channel, Money amount) {}

    public record Closed(
            LocalDate day,
            String clerk,
            Money cashExpected,
            Money cashCounted,
            Money cardExpected,
            Money cardCounted,
            int payments,
            String reason,
            Instant closedAt) {

        public Money cashDifference() {
            return cashCounted.minus(cashExpected);
        }

        public Money cardDifference() {
            return cardCounted.minus(cardExpected);
        }
    }

    public record Till(LocalDate day, String clerk, List<ChannelSum> channels, List<Receipt> receipts, Closed closed) {}

    private final JdbcClient jdbc;
    private final Audit audit;
    private final Clock clock;

    ClosingTills(JdbcClient jdbc, Audit audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** The caller's till of the day (today when null). */
    @Transactional(readOnly = true)
    public Till till(Actor actor, LocalDate day) {
        actor.require(Permission.PAYMENT_COLLECT);
        LocalDate d = day(day);
        long clerk = actor.userId().value();
        return new Till(
                d,
                actor.displayName(),
                sums(clerk, d),
                receipts(clerk, d),
                closed(clerk, d).orElse(null));
    }

    /**
     * Closes the caller's till of the day (today when null).
     *
     * @param reason required when what was counted differs from the ledger
     */
    @Transactional
    public Closed close(Actor actor, LocalDate day, Money cashCounted, Money cardCounted, String reason) {
        actor.require(Permission.PAYMENT_COLLECT);
        LocalDate d = day(day);
        long clerk = actor.userId().value();
        if (cashCounted.fen() < 0 || cardCounted.fen() < 0) throw Problem.badRequest("amount-not-positive");
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", key(clerk, d))
                .query(rs -> {});
        if (closed(clerk, d).isPresent()) throw Problem.conflict("till-closed", d.toString());
        List<ChannelSum> sums = sums(clerk, d);
        Money cash = expected(sums, PaymentChannel.CASH), card = expected(sums, PaymentChannel.CARD);
        int payments = sums.stream().mapToInt(ChannelSum::payments).sum();
        boolean differs = !cash.equals(cashCounted) || !card.equals(cardCounted);
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (differs && !MeaningfulReason.Check.isMeaningful(why)) throw Problem.badRequest("till-difference-reason");
        if (why != null && !MeaningfulReason.Check.isMeaningful(why)) throw Problem.badRequest("reason-required");
        Instant now = clock.instant();
        jdbc.sql("""
                insert into payment.till_close (business_date, clerk_id, clerk_name, branch_ids, cash_expected,
                    cash_counted, card_expected, card_counted, payments, reason, closed_at)
                values (:day, :clerk, :name, :branches, :cashExpected, :cashCounted, :cardExpected, :cardCounted,
                    :payments, :reason, :at)""")
                .param("day", d)
                .param("clerk", clerk)
                .param(
                        "name",
                        actor.displayName().length() > 100
                                ? actor.displayName().substring(0, 100)
                                : actor.displayName())
                .param(
                        "branches",
                        actor.branches().stream().map(b -> b.value()).sorted().toArray(Long[]::new))
                .param("cashExpected", cash.fen())
                .param("cashCounted", cashCounted.fen())
                .param("cardExpected", card.fen())
                .param("cardCounted", cardCounted.fen())
                .param("payments", payments)
                .param("reason", why)
                .param("at", Timestamp.from(now))
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("day", d.toString());
        details.put("cashExpected", cash.toString());
        details.put("cashCounted", cashCounted.toString());
        details.put("cardExpected", card.toString());
        details.put("cardCounted", cardCounted.toString());
        details.put("payments", payments);
        if (why != null) details.put("reason", why);
        audit.record(actor, "payment.till-close", "till", clerk + ":" + d, details);
        return closed(clerk, d).orElseThrow();
    }

    /**
     * Refuses a counter payment when the clerk's till of today is closed. Runs in the payment's transaction and holds
     * a shared lock on the till until it commits, so a close waits for payments under way and sees them.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void requireOpen(Actor actor) {
        if (actor == null || !actor.isStaff()) return;
        LocalDate d = LocalDate.now(clock);
        long clerk = actor.userId().value();
        jdbc.sql("select pg_advisory_xact_lock_shared(hashtextextended(:key, 0))")
                .param("key", key(clerk, d))
                .query(rs -> {});
        if (closed(clerk, d).isPresent()) throw Problem.conflict("till-closed", d.toString());
    }

    private static String key(long clerk, LocalDate day) {
        return "payment.till:" + clerk + ":" + day;
    }

    private LocalDate day(LocalDate day) {
        LocalDate today = LocalDate.now(clock);
        if (day == null) return today;
        if (day.isAfter(today)) throw Problem.badRequest("till-day-in-future");
        return day;
    }

    private static Money expected(List<ChannelSum> sums, PaymentChannel channel) {
        return sums.stream()
                .filter(s -> s.channel() == channel)
                .map(ChannelSum::expected)
                .findFirst()
                .orElse(Money.ZERO);
    }

    private List<ChannelSum> sums(long clerk, LocalDate day) {
        Map<PaymentChannel, ChannelSum> out = new LinkedHashMap<>();
        for (PaymentChannel c : List.of(PaymentChannel.CASH, PaymentChannel.CARD))
            out.put(c, new ChannelSum(c, 0, Money.ZERO, Money.ZERO, Money.ZERO));
        jdbc.sql("""
                select e.book,
                    count(distinct p.posting_id) filter (where p.kind = 'PAYMENT'),
                    coalesce(sum(e.amount) filter (where p.kind = 'PAYMENT'), 0),
                    coalesce(sum(e.amount) filter (where p.kind <> 'PAYMENT'), 0),
                    sum(e.amount)
                from payment.posting p join payment.entry e on e.posting_id = p.posting_id
                where p.posted_by = :clerk and p.business_date = :day and e.book in ('CASH', 'CARD')
                group by e.book""").param("clerk", clerk).param("day", day).query(rs -> {
            PaymentChannel c = PaymentChannel.valueOf(rs.getString(1));
            out.put(
                    c,
                    new ChannelSum(
                            c,
                            rs.getInt(2),
                            Money.fen(rs.getLong(3)),
                            Money.fen(rs.getLong(4)),
                            Money.fen(rs.getLong(5))));
        });
        return new ArrayList<>(out.values());
    }

    private List<Receipt> receipts(long clerk, LocalDate day) {
        return jdbc.sql("""
                select p.posting_id, p.reference, p.posted_at, p.channel, sum(e.amount)
                from payment.posting p join payment.entry e on e.posting_id = p.posting_id
                where p.posted_by = :clerk and p.business_date = :day and e.book in ('CASH', 'CARD')
                group by p.posting_id order by p.posting_id""")
                .param("clerk", clerk)
                .param("day", day)
                .query((rs, n) -> new Receipt(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getString(4) == null ? null : PaymentChannel.valueOf(rs.getString(4)),
                        Money.fen(rs.getLong(5))))
                .list();
    }

    private Optional<Closed> closed(long clerk, LocalDate day) {
        return jdbc.sql("""
                select business_date, clerk_name, cash_expected, cash_counted, card_expected, card_counted, payments,
                    reason, closed_at
                from payment.till_close where business_date = :day and clerk_id = :clerk""")
                .param("day", day)
                .param("clerk", clerk)
                .query((rs, n) -> new Closed(
                        rs.getObject(1, LocalDate.class),
                        rs.getString(2),
                        Money.fen(rs.getLong(3)),
                        Money.fen(rs.getLong(4)),
                        Money.fen(rs.getLong(5)),
                        Money.fen(rs.getLong(6)),
                        rs.getInt(7),
                        rs.getString(8),
                        rs.getTimestamp(9).toInstant()))
                .optional();
    }
}
