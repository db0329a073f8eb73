package io.gridhall.payment.internal;

import io.gridhall.billing.BillId;
import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.UserId;
import io.gridhall.payment.Gateway;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.OrderState;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PaymentOrder;
import io.gridhall.payment.PaymentOrders;
import io.gridhall.payment.Posted;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Payment orders through the gateways (ADR 0016). An order is opened at the gateway for the accounts the customer may
 * pay; the money is posted to the ledger when the gateway says it arrived (a notification or the janitor's query),
 * once per gateway transaction: the {@code gateway_payment} row and the ledger posting share the transaction's key,
 * and both are written under the order's row lock. Money for an order that was closed or already paid is posted as a
 * top-up (预存), never refused.
 */
@Service
class TakingGatewayPayments implements PaymentOrders {

    private static final Logger log = LoggerFactory.getLogger(TakingGatewayPayments.class);
    static final int MAX_LINES = 20;
    /** 50,000 yuan: an order above this is a typing error, not a power bill. */
    static final Money MAX_ORDER = Money.yuan("50000");

    private final OrderRows rows;
    private final LedgerRows ledgerRows;
    private final Ledger ledger;
    private final Customers customers;
    private final Clock clock;
    private final GatewaySettings settings;
    private final TransactionTemplate tx;
    private final Map<Gateway, GatewayAdapter> adapters = new EnumMap<>(Gateway.class);

    TakingGatewayPayments(
            OrderRows rows,
            LedgerRows ledgerRows,
            Ledger ledger,
            Customers customers,
            Clock clock,
            GatewaySettings settings,
            PlatformTransactionManager transactions,
            List<GatewayAdapter> adapters) {
        this.rows = rows;
        this.ledgerRows = ledgerRows;
        this.ledger = ledger;
        this.customers = customers;
        this.clock = clock;
        this.settings = settings;
        this.tx = new TransactionTemplate(transactions);
        adapters.forEach(a -> this.adapters.put(a.gateway(), a));
    }

    @Override
    public List<Gateway> gateways() {
        return List.copyOf(adapters.keySet());
    }

    Optional<GatewayAdapter> adapter(Gateway gateway) {
        return Optional.ofNullable(adapters.get(gateway));
    }

    // ---- orders ----

    @Override
    public PaymentOrder create(long userId, NewOrder order) {
        GatewayAdapter adapter = adapters.get(order.gateway());
        if (adapter == null) throw Problem.badRequest("gateway-unavailable", gatewayName(order.gateway()));
        if (order.kind() != PostingKind.PAYMENT && order.kind() != PostingKind.TOP_UP)
            throw Problem.badRequest("order-kind");
        if (order.lines().isEmpty() || order.lines().size() > MAX_LINES)
            throw Problem.badRequest("order-lines", MAX_LINES);
        Map<Long, SupplyAccountView> payable = customers.portalAccounts(new UserId(userId)).stream()
                .collect(Collectors.toMap(SupplyAccountView::id, a -> a, (a, b) -> a));
        Set<Long> seen = new HashSet<>();
        Money total = Money.ZERO;
        List<OrderRows.LineRow> lines = new ArrayList<>();
        for (Pay.Share s : order.lines()) {
            if (!payable.containsKey(s.supplyAccountId())) throw Problem.notFound("supply-account");
            if (!seen.add(s.supplyAccountId())) throw Problem.badRequest("payment-account-twice", s.supplyAccountId());
            if (order.kind() == PostingKind.TOP_UP && !s.bills().isEmpty()) throw Problem.badRequest("top-up-bills");
            if (!s.bills().isEmpty()) {
                Set<Long> open = ledgerRows.openItems(s.supplyAccountId()).stream()
                        .filter(i -> i.bill() != null && i.open().fen() > 0)
                        .map(i -> i.bill().value())
                        .collect(Collectors.toSet());
                for (BillId b : s.bills()) if (!open.contains(b.value())) throw Problem.notFound("bill");
            }
            total = total.plus(s.amount());
            lines.add(new OrderRows.LineRow(s.supplyAccountId(), s.amount().fen(), s.bills()));
        }
        if (total.compareTo(MAX_ORDER) > 0) throw Problem.badRequest("order-too-large", MAX_ORDER.toYuan());
        Instant now = clock.instant();
        Instant expires = now.plus(settings.orderTtl());
        String number = rows.nextOrderNumber(LocalDate.ofInstant(now, clock.getZone()));
        long id = rows.insert(
                number,
                userId,
                order.kind(),
                order.gateway(),
                total.fen(),
                now,
                expires,
                now.plus(settings.janitor().firstQuery()),
                lines);
        String description = order.kind() == PostingKind.TOP_UP ? "电费预存" : "电费缴费";
        try {
            rows.opened(id, adapter.open(new GatewayAdapter.Trade(number, total, description, expires)));
        } catch (GatewayTimeout e) {
            // the trade may exist at the gateway or not: the janitor asks
            log.warn("{} did not answer opening order {}: the order is UNKNOWN", order.gateway(), number);
            rows.unknown(id);
        } catch (IllegalStateException e) {
            // the gateway answered, genuinely, that it will not open the trade: nothing is kept, the customer may
            // choose another channel (the request stores no answer and may be retried with its key)
            log.warn("{} refused to open order {}: {}", order.gateway(), number, e.getMessage());
            throw new Problem(
                    org.springframework.http.HttpStatus.BAD_GATEWAY, "gateway-refused", gatewayName(order.gateway()));
        }
        return view(rows.byNumber(number).orElseThrow());
    }

    @Override
    public Optional<PaymentOrder> order(long userId, String orderNumber) {
        return rows.ofUser(userId, orderNumber).map(this::view);
    }

    @Override
    public List<PaymentOrder> orders(long userId, int limit) {
        return rows.ofUser(userId, limit).stream().map(this::view).toList();
    }

    private PaymentOrder view(OrderRows.OrderRow o) {
        List<OrderRows.LineRow> lines = rows.lines(List.of(o.orderId())).getOrDefault(o.orderId(), List.of());
        Map<Long, Money> credit = new HashMap<>();
        Map<Long, List<PaymentOrder.Settled>> settled =
                o.postingId() == null ? Map.of() : rows.settled(o.postingId(), credit);
        return new PaymentOrder(
                o.orderId(),
                o.orderNumber(),
                o.userId(),
                o.kind(),
                o.gateway(),
                Money.fen(o.amount()),
                o.state(),
                o.createdAt(),
                o.expiresAt(),
                o.paidAt(),
                o.closedAt(),
                o.codeUrl(),
                o.transactionId(),
                o.postingId(),
                lines.stream()
                        .map(l -> new PaymentOrder.Line(
                                l.supplyAccountId(),
                                Money.fen(l.amount()),
                                l.bills(),
                                settled.getOrDefault(l.supplyAccountId(), List.of()),
                                credit.getOrDefault(l.supplyAccountId(), Money.ZERO)))
                        .toList());
    }

    // ---- notifications ----

    @Override
    public Answer notified(Gateway gateway, Map<String, String> headers, byte[] body) {
        GatewayAdapter adapter = adapters.get(gateway);
        if (adapter == null) return new Answer(404, "text/plain", "unknown gateway");
        Instant now = clock.instant();
        GatewayAdapter.Notified n;
        try {
            n = adapter.read(headers, body, now);
        } catch (NotificationRefused e) {
            log.warn("Refused a {} notification: {}", gateway, e.getMessage());
            return adapter.refused(e.getMessage());
        } catch (RuntimeException e) {
            // a parser must refuse, never fail: anything else is a bug, and the body is still not taken
            log.error("A {} notification could not be read", gateway, e);
            return adapter.refused("unreadable");
        }
        try {
            tx.executeWithoutResult(status -> {
                if (!rows.firstSeen(gateway, n.replayKey(), now)) throw new NotificationRefused("a replayed nonce");
                if (n.paid())
                    credit(
                            adapter,
                            new GatewayAdapter.TradeStatus(
                                    GatewayAdapter.TradeState.PAID,
                                    n.merchantId(),
                                    n.appId(),
                                    n.orderNumber(),
                                    n.transactionId(),
                                    n.amount(),
                                    n.paidAt()),
                            "NOTIFICATION");
            });
            return adapter.accepted();
        } catch (NotificationRefused e) {
            log.warn("Refused a {} notification: {}", gateway, e.getMessage());
            return adapter.refused(e.getMessage());
        } catch (RuntimeException e) {
            log.error("A {} notification could not be credited; the gateway will send it again", gateway, e);
            return new Answer(
                    500,
                    adapter.refused("try again").contentType(),
                    adapter.refused("try again").body());
        }
    }

    /**
     * Posts what the gateway says was paid, once per gateway transaction, bound to our order; call in a transaction.
     *
     * @return true when this call credited it, false when it had been credited before
     * @throws NotificationRefused when it does not match our order (nothing is written)
     */
    boolean credit(GatewayAdapter adapter, GatewayAdapter.TradeStatus paid, String source) {
        Gateway gateway = adapter.gateway();
        if (paid.orderNumber() == null || paid.orderNumber().length() > 32)
            throw new NotificationRefused("no order number");
        OrderRows.Locked locked = rows.lockWithLines(paid.orderNumber())
                .orElseThrow(() -> new NotificationRefused("an order we do not know"));
        OrderRows.OrderRow o = locked.order();
        if (o.gateway() != gateway) throw new NotificationRefused("an order of another gateway");
        if (!adapter.merchantId().equals(paid.merchantId())) throw new NotificationRefused("a foreign merchant id");
        if (!adapter.appId().equals(paid.appId())) throw new NotificationRefused("a foreign app id");
        if (paid.amount() == null || paid.amount().fen() != o.amount())
            throw new NotificationRefused("an amount other than the order's");
        String txn = paid.transactionId();
        if (txn == null || txn.isEmpty() || txn.length() > 64 || !txn.chars().allMatch(c -> c > 0x20 && c < 0x7f))
            throw new NotificationRefused("no transaction id");
        if (paid.paidAt() == null) throw new NotificationRefused("no time of payment");
        // a first payment of an open order pays what the customer chose (bills settled meanwhile, at a counter, are
        // left out and the money goes to the oldest open items); money for a closed or already paid order is held as
        // credit (预存) on the order's accounts: it is never lost and never refused
        boolean asOrdered = o.state() == OrderState.CREATED || o.state() == OrderState.UNKNOWN;
        PostingKind kind = asOrdered ? o.kind() : PostingKind.TOP_UP;
        List<Pay.Share> shares = locked.lines().stream()
                .map(l -> new Pay.Share(
                        l.supplyAccountId(), Money.fen(l.amount()), asOrdered ? l.bills() : List.of(), true))
                .toList();
        // the posting's key is the gateway's transaction: a transaction credited before is answered by the ledger
        // as a replay, and nothing more is written
        Posted posted = ledger.pay(
                new Pay("gateway:" + gateway.name() + ":" + txn, kind, PaymentChannel.GATEWAY, shares, txn, null));
        if (posted.replayed()) return false;
        rows.credit(
                gateway,
                txn,
                o.orderId(),
                o.amount(),
                paid.paidAt(),
                clock.instant(),
                kind,
                source,
                posted.postingId(),
                asOrdered);
        if (!asOrdered)
            log.warn(
                    "{} took money for order {} which was {}: credited as a top-up (posting {})",
                    gateway,
                    o.orderNumber(),
                    o.state(),
                    posted.postingId());
        return true;
    }

    /** The gateway's name in the reader's language (微信支付, Alipay), not our enum's. */
    static org.springframework.context.MessageSourceResolvable gatewayName(Gateway gateway) {
        return new org.springframework.context.support.DefaultMessageSourceResolvable(
                new String[] {"payment.gateway." + gateway.name()}, gateway.name());
    }
}
