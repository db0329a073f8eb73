package io.gridhall.payment.internal;

import io.gridhall.payment.OrderState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Asks the gateways about orders nobody heard of: claims due CREATED and UNKNOWN orders with {@code FOR UPDATE SKIP
 * LOCKED} (any number of nodes may run it; {@code next_query_at} is the claim's lease), asks the gateway outside any
 * transaction, and then credits a paid order (as a notification would), closes an expired unpaid one at the gateway
 * first and here after, or asks again later on a doubling back-off. A gateway that does not answer leaves the order as
 * it was, or UNKNOWN when it has expired: never FAILED. It asks about refunds sent to a gateway and not yet settled the
 * same way ({@link RefundingThroughGateways#sweep}).
 */
@Component
class GatewayJanitor {

    private static final Logger log = LoggerFactory.getLogger(GatewayJanitor.class);

    private final OrderRows rows;
    private final TakingGatewayPayments payments;
    private final GatewaySettings settings;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final RefundingThroughGateways refunds;

    GatewayJanitor(
            OrderRows rows,
            TakingGatewayPayments payments,
            RefundingThroughGateways refunds,
            GatewaySettings settings,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.rows = rows;
        this.payments = payments;
        this.refunds = refunds;
        this.settings = settings;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    /** One round: claims a batch of due orders and settles what the gateways say of them; answers how many. */
    int sweep() {
        Instant now = clock.instant();
        List<OrderRows.Claimed> batch = tx.execute(s -> rows.claimDue(
                now, now.plus(settings.janitor().lease()), settings.janitor().batchSize()));
        for (OrderRows.Claimed c : batch) {
            try {
                look(c);
            } catch (RuntimeException e) {
                log.warn("The janitor could not settle order {}; it asks again after its lease", c.orderNumber(), e);
            }
        }
        int refunded = refunds.sweep(); // refunds sent to a gateway and not yet settled
        if (batch.isEmpty())
            tx.executeWithoutResult(s ->
                    rows.forgetNonces(now.minus(settings.notificationWindow().multipliedBy(2))));
        return Math.max(batch.size(), refunded);
    }

    private void look(OrderRows.Claimed c) {
        GatewayAdapter adapter = payments.adapter(c.gateway()).orElse(null);
        if (adapter == null) return; // a gateway no longer configured: the order waits for it
        Instant now = clock.instant();
        boolean expired = !now.isBefore(c.expiresAt());
        GatewayAdapter.TradeStatus status;
        try {
            status = adapter.query(c.orderNumber());
            switch (status.state()) {
                case PAID -> {
                    tx.executeWithoutResult(s -> {
                        try {
                            payments.credit(adapter, status, "QUERY");
                        } catch (NotificationRefused e) {
                            // the gateway's own answer does not match our order: a person must look (reconciliation)
                            log.error(
                                    "{} says order {} was paid, but: {}", c.gateway(), c.orderNumber(), e.getMessage());
                            rows.reschedule(
                                    c.orderId(), now.plus(settings.janitor().maxQueryInterval()), OrderState.UNKNOWN);
                        }
                    });
                    return;
                }
                case CLOSED -> {
                    tx.executeWithoutResult(s -> rows.closed(c.orderId(), now));
                    return;
                }
                case NOT_PAID, NOT_FOUND -> {
                    if (!expired) {
                        tx.executeWithoutResult(s -> rows.reschedule(c.orderId(), next(c, now), OrderState.CREATED));
                        return;
                    }
                }
            }
            // expired and not paid: close it at the gateway first, so nobody can pay it after we closed it here
            if (adapter.close(c.orderNumber())) {
                tx.executeWithoutResult(s -> rows.closed(c.orderId(), now));
                log.info("Closed expired order {} at {}", c.orderNumber(), c.gateway());
            } else {
                // paid meanwhile: ask again at once
                tx.executeWithoutResult(s -> rows.reschedule(c.orderId(), now, OrderState.UNKNOWN));
            }
        } catch (GatewayTimeout e) {
            log.info("{} did not answer about order {}; asking again later", c.gateway(), c.orderNumber());
            tx.executeWithoutResult(
                    s -> rows.reschedule(c.orderId(), next(c, now), expired ? OrderState.UNKNOWN : c.state()));
        }
    }

    /** First query after {@code firstQuery}, then doubling, at most {@code maxQueryInterval}. */
    private Duration backOff(int attempts) {
        Duration d = settings.janitor().firstQuery();
        for (int i = 1; i < attempts && d.compareTo(settings.janitor().maxQueryInterval()) < 0; i++)
            d = d.multipliedBy(2);
        return d.compareTo(settings.janitor().maxQueryInterval()) > 0
                ? settings.janitor().maxQueryInterval()
                : d;
    }

    private Instant next(OrderRows.Claimed c, Instant now) {
        Instant next = now.plus(backOff(c.attempts()));
        // an open order is looked at again when it expires, to close it in time
        return now.isBefore(c.expiresAt()) && next.isAfter(c.expiresAt()) ? c.expiresAt() : next;
    }
}
