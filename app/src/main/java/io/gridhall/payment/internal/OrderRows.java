package io.gridhall.payment.internal;

import io.gridhall.billing.BillId;
import io.gridhall.payment.Gateway;
import io.gridhall.payment.OrderState;
import io.gridhall.payment.PaymentOrder;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.Money;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Payment orders, their lines, gateway payments and notification nonces (schema {@code payment}). */
@Repository
class OrderRows {

    private final JdbcClient jdbc;

    OrderRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An order row without its lines. */
    record OrderRow(
            long orderId,
            String orderNumber,
            long userId,
            PostingKind kind,
            Gateway gateway,
            long amount,
            OrderState state,
            Instant createdAt,
            Instant expiresAt,
            Instant paidAt,
            Instant closedAt,
            String codeUrl,
            String transactionId,
            Long postingId,
            int queryAttempts) {}

    record LineRow(long supplyAccountId, long amount, List<BillId> bills) {}

    String nextOrderNumber(LocalDate day) {
        long n = jdbc.sql("select nextval('payment.payment_order_number')")
                .query(Long.class)
                .single();
        return "GH" + day.toString().replace("-", "") + String.format("%010d", n % 10_000_000_000L);
    }

    long insert(
            String orderNumber,
            long userId,
            PostingKind kind,
            Gateway gateway,
            long amount,
            Instant now,
            Instant expiresAt,
            Instant firstQuery,
            List<LineRow> lines) {
        long id = jdbc.sql("""
                        insert into payment.payment_order
                            (order_number, user_id, kind, gateway, amount, state, created_at, expires_at, next_query_at)
                        values (:number, :user, :kind, :gateway, :amount, 'CREATED', :now, :expires, :query)
                        returning order_id""")
                .param("number", orderNumber)
                .param("user", userId)
                .param("kind", kind.name())
                .param("gateway", gateway.name())
                .param("amount", amount)
                .param("now", utc(now))
                .param("expires", utc(expiresAt))
                .param("query", utc(firstQuery))
                .query(Long.class)
                .single();
        for (LineRow l : lines)
            jdbc.sql("""
                            insert into payment.payment_order_line (order_id, supply_account_id, amount, bills)
                            values (:order, :account, :amount, :bills)""")
                    .param("order", id)
                    .param("account", l.supplyAccountId())
                    .param("amount", l.amount())
                    .param("bills", l.bills().stream().map(BillId::value).toArray(Long[]::new))
                    .update();
        return id;
    }

    void opened(long orderId, String codeUrl) {
        jdbc.sql("update payment.payment_order set code_url = :url where order_id = :id")
                .param("url", codeUrl)
                .param("id", orderId)
                .update();
    }

    void unknown(long orderId) {
        jdbc.sql("update payment.payment_order set state = 'UNKNOWN' where order_id = :id and state = 'CREATED'")
                .param("id", orderId)
                .update();
    }

    private static final String COLUMNS = """
            order_id, order_number, user_id, kind, gateway, amount, state, created_at, expires_at, paid_at, closed_at,
            code_url, transaction_id, posting_id, query_attempts""";

    /** {@link #COLUMNS} of the order aliased {@code o}. */
    private static final String ORDER_COLUMNS = COLUMNS.replaceAll("(\\w+)", "o.$1");

    Optional<OrderRow> byNumber(String orderNumber) {
        return jdbc.sql("select " + COLUMNS + " from payment.payment_order where order_number = :n")
                .param("n", orderNumber)
                .query(OrderRows::order)
                .optional();
    }

    Optional<OrderRow> ofUser(long userId, String orderNumber) {
        return jdbc.sql("select " + COLUMNS + " from payment.payment_order where order_number = :n and user_id = :u")
                .param("n", orderNumber)
                .param("u", userId)
                .query(OrderRows::order)
                .optional();
    }

    List<OrderRow> ofUser(long userId, int limit) {
        return jdbc.sql("select " + COLUMNS
                        + " from payment.payment_order where user_id = :u order by created_at desc, order_id desc"
                        + " limit :limit")
                .param("u", userId)
                .param("limit", limit)
                .query(OrderRows::order)
                .list();
    }

    Map<Long, List<LineRow>> lines(List<Long> orderIds) {
        Map<Long, List<LineRow>> out = new LinkedHashMap<>();
        if (orderIds.isEmpty()) return out;
        jdbc.sql("""
                        select order_id, supply_account_id, amount, bills from payment.payment_order_line
                        where order_id = any(:ids) order by order_id, supply_account_id""").param("ids", orderIds.toArray(Long[]::new)).query((ResultSet rs) -> {
            out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                    .add(new LineRow(rs.getLong(2), rs.getLong(3), bills(rs.getArray(4))));
        });
        return out;
    }

    /** An order locked to be credited, with its lines. */
    record Locked(OrderRow order, List<LineRow> lines) {}

    /**
     * Locks the order and reads it with its lines, in one statement. The lines never change after the order is
     * created, so reading them in the statement's snapshot while the order's row waits for its lock is safe.
     */
    Optional<Locked> lockWithLines(String orderNumber) {
        List<LineRow> lines = new ArrayList<>();
        OrderRow[] order = {null};
        jdbc.sql("select " + ORDER_COLUMNS + """
                        , l.supply_account_id as line_account, l.amount as line_amount, l.bills as line_bills
                        from payment.payment_order o join payment.payment_order_line l on l.order_id = o.order_id
                        where o.order_number = :n order by l.supply_account_id for update of o""").param("n", orderNumber).query((ResultSet rs) -> {
            if (order[0] == null) order[0] = order(rs, 0);
            lines.add(new LineRow(
                    rs.getLong("line_account"), rs.getLong("line_amount"), bills(rs.getArray("line_bills"))));
        });
        return Optional.ofNullable(order[0]).map(o -> new Locked(o, List.copyOf(lines)));
    }

    /**
     * Records the gateway's payment of the order and, when it paid the order as ordered, marks the order paid (from
     * CREATED or UNKNOWN; it leaves the janitor's list), in one statement.
     */
    void credit(
            Gateway gateway,
            String transactionId,
            long orderId,
            long amount,
            Instant paidAt,
            Instant now,
            PostingKind kind,
            String source,
            long postingId,
            boolean asOrdered) {
        jdbc.sql("""
                        with credit as (
                            insert into payment.gateway_payment (gateway, transaction_id, order_id, amount, paid_at,
                                                                 credited_at, kind, source, posting_id)
                            values (:g, :t, :order, :amount, :paid, :now, :kind, :source, :posting))
                        update payment.payment_order
                           set state = 'PAID', transaction_id = :t, posting_id = :posting, paid_at = :paid,
                               next_query_at = null
                         where order_id = :order and :asOrdered and state in ('CREATED', 'UNKNOWN')""")
                .param("asOrdered", asOrdered)
                .param("g", gateway.name())
                .param("t", transactionId)
                .param("order", orderId)
                .param("amount", amount)
                .param("paid", utc(paidAt))
                .param("now", utc(now))
                .param("kind", kind.name())
                .param("source", source)
                .param("posting", postingId)
                .update();
    }

    boolean closed(long orderId, Instant now) {
        return jdbc.sql("""
                        update payment.payment_order set state = 'CLOSED', closed_at = :now, next_query_at = null
                         where order_id = :id and state in ('CREATED', 'UNKNOWN')""").param("now", utc(now)).param("id", orderId).update() == 1;
    }

    /** Records a notification's nonce; false when it was seen before (a replay). */
    boolean firstSeen(Gateway gateway, String nonce, Instant now) {
        return jdbc.sql("""
                        insert into payment.gateway_nonce (gateway, nonce, seen_at) values (:g, :n, :now)
                        on conflict do nothing""")
                        .param("g", gateway.name())
                        .param("n", nonce)
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    int forgetNonces(Instant before) {
        return jdbc.sql("delete from payment.gateway_nonce where seen_at < :before")
                .param("before", utc(before))
                .update();
    }

    /** An order the janitor claimed: it holds it until {@code next_query_at}, its lease. */
    record Claimed(
            long orderId, String orderNumber, Gateway gateway, OrderState state, Instant expiresAt, int attempts) {}

    List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                        update payment.payment_order o
                           set next_query_at = :lease, query_attempts = o.query_attempts + 1
                         where o.order_id in (
                               select x.order_id from payment.payment_order x
                                where x.state in ('CREATED', 'UNKNOWN') and x.next_query_at <= :now
                                order by x.next_query_at, x.order_id
                                limit :limit
                                for update skip locked)
                        returning o.order_id, o.order_number, o.gateway, o.state, o.expires_at, o.query_attempts""")
                .param("lease", utc(leaseUntil))
                .param("now", utc(now))
                .param("limit", limit)
                .query((rs, n) -> new Claimed(
                        rs.getLong(1),
                        rs.getString(2),
                        Gateway.valueOf(rs.getString(3)),
                        OrderState.valueOf(rs.getString(4)),
                        rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getInt(6)))
                .list();
    }

    /** After a query: the next one, and whether the order's state is known again (UNKNOWN → CREATED) or not. */
    void reschedule(long orderId, Instant next, OrderState state) {
        jdbc.sql("""
                        update payment.payment_order set next_query_at = :next, state = :state
                         where order_id = :id and state in ('CREATED', 'UNKNOWN')""")
                .param("next", utc(next))
                .param("state", state.name())
                .param("id", orderId)
                .update();
    }

    /** Each line's settled bills and credit of a paid order's posting, from the ledger's entries. */
    Map<Long, List<PaymentOrder.Settled>> settled(long postingId, Map<Long, Money> credit) {
        Map<Long, List<PaymentOrder.Settled>> out = new LinkedHashMap<>();
        jdbc.sql("""
                        select e.supply_account_id, e.book, e.amount, i.bill_id, i.bill_number
                          from payment.entry e left join payment.receivable_item i on i.item_id = e.item_id
                         where e.posting_id = :p and e.supply_account_id is not null
                         order by e.supply_account_id, e.entry_id""").param("p", postingId).query((ResultSet rs) -> {
            long account = rs.getLong(1);
            long amount = -rs.getLong(3);
            if (rs.getString(2).equals("PREPAID")) credit.merge(account, Money.fen(amount), Money::plus);
            else {
                long bill = rs.getLong(4);
                out.computeIfAbsent(account, k -> new ArrayList<>())
                        .add(new PaymentOrder.Settled(
                                rs.wasNull() ? null : new BillId(bill), rs.getString(5), Money.fen(amount)));
            }
        });
        return out;
    }

    private static OrderRow order(ResultSet rs, int n) throws SQLException {
        return new OrderRow(
                rs.getLong("order_id"),
                rs.getString("order_number"),
                rs.getLong("user_id"),
                PostingKind.valueOf(rs.getString("kind")),
                Gateway.valueOf(rs.getString("gateway")),
                rs.getLong("amount"),
                OrderState.valueOf(rs.getString("state")),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                instant(rs, "paid_at"),
                instant(rs, "closed_at"),
                rs.getString("code_url"),
                rs.getString("transaction_id"),
                (Long) rs.getObject("posting_id", Long.class),
                rs.getInt("query_attempts"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static List<BillId> bills(Array array) throws SQLException {
        if (array == null) return List.of();
        Long[] ids = (Long[]) array.getArray();
        return Arrays.stream(ids).map(BillId::new).toList();
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
