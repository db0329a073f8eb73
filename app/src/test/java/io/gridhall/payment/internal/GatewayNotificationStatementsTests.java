package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.Customers;
import io.gridhall.identity.UserId;
import io.gridhall.payment.Accounts;
import io.gridhall.payment.Gateway;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.LedgerChecks;
import io.gridhall.payment.OrderState;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PaymentOrder;
import io.gridhall.payment.PaymentOrders;
import io.gridhall.payment.PaymentTest;
import io.gridhall.payment.PostingKind;
import io.gridhall.payment.StatementCounter;
import io.gridhall.shared.Money;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The round trips of a gateway's payment notification (issue #10, sections 2 and 9), the way a customer's payment
 * reaches the ledger: from the verified notification to its commit, one transaction. And what the notification of a
 * bill settled meanwhile at a counter does: the money goes to the oldest open items, it is not refused.
 */
@PaymentTest
class GatewayNotificationStatementsTests {

    @Autowired
    TakingGatewayPayments orders;

    @Autowired
    WeChatPaySimulator wechat;

    @Autowired
    Customers customers;

    @Autowired
    Ledger ledger;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    /**
     * What every notification sends first: its nonce, the order's lock, the ledger's plans (ADR 0012), the account's
     * lock, the posting's key.
     */
    static final String[] NONCE_ORDER_ACCOUNT_POSTING = {
        "insert payment.gateway_nonce",
        "select payment.payment_order, payment.payment_order_line (lock)",
        "set local plan_cache_mode = force_generic_plan",
        "select payment.ledger_account (lock)",
        "insert payment.posting"
    };

    static String[] afterThePosting(String... rest) {
        return java.util.stream.Stream.concat(
                        java.util.Arrays.stream(NONCE_ORDER_ACCOUNT_POSTING), java.util.Arrays.stream(rest))
                .toArray(String[]::new);
    }

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    record Household(UserId user, long account, Accounts.Household h) {}

    Household household() {
        Accounts.Household h = Accounts.household(customers, 1);
        UserId user = new UserId(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        customers.bind(user, h.first());
        return new Household(user, h.first(), h);
    }

    PaymentOrder paidOrder(Household c, List<BillId> bills, String yuan) {
        PaymentOrder o = orders.create(
                c.user().value(),
                new PaymentOrders.NewOrder(
                        Gateway.WECHAT,
                        PostingKind.PAYMENT,
                        List.of(new Pay.Share(c.account(), Money.yuan(yuan), bills))));
        assertThat(wechat.pay(o.orderNumber())).isTrue();
        return o;
    }

    StatementCounter.Counted notify(PaymentOrder o) {
        GatewaySimulator.Delivery d =
                wechat.notification(wechat.trade(o.orderNumber()).orElseThrow());
        return StatementCounter.count(dataSource, () -> {
            PaymentOrders.Answer a = orders.notified(Gateway.WECHAT, GatewaySimulator.lowerCase(d.headers()), d.body());
            assertThat(wechat.acknowledged(a)).isTrue();
        });
    }

    @Test
    void aFirstNotificationIsSevenStatementsAndOneCommitAndARepeatedOneWritesNothing() {
        Household c = household();
        ledger.pay(new Pay(
                "first:" + UUID.randomUUID(),
                PostingKind.PAYMENT,
                PaymentChannel.GATEWAY,
                List.of(new Pay.Share(c.account(), Money.yuan("1.00"))),
                null,
                null)); // the account's ledger row exists from here on
        PaymentOrder o = paidOrder(c, List.of(), "100.00");

        StatementCounter.Counted first = notify(o);

        assertThat(first.statements())
                .as("a first notification's statements, in order")
                .containsExactly(afterThePosting(
                        "insert payment.entry, update payment.ledger_account, update payment.receivable_item,"
                                + " insert payment.points_entry, insert payment.points_account",
                        "insert payment.gateway_payment, update payment.payment_order"));
        assertThat(first.commits()).isEqualTo(1);
        assertThat(orders.order(c.user().value(), o.orderNumber()).orElseThrow().state())
                .isEqualTo(OrderState.PAID);

        StatementCounter.Counted again = notify(o);

        assertThat(again.statements())
                .as("the same transaction notified again: the ledger answers its key as a replay")
                .containsExactly(afterThePosting("select payment.posting"));
        assertThat(count("select count(*) from payment.gateway_payment where order_id = :o", o.orderId()))
                .isEqualTo(1);
        assertThat(ledger.balance(c.account()).prepaid()).isEqualTo(Money.yuan("101.00"));
    }

    @Test
    void aBillSettledAtTheCounterBeforeTheGatewayNotifiesLeavesTheMoneyWithTheOldestOpenItems() {
        Household c = household();
        LocalDate month = LocalDate.now(clock).withDayOfMonth(1);
        BillsIssued.IssuedBill older = Accounts.bill(c.h(), c.account(), month.minusMonths(1), "30.00");
        BillsIssued.IssuedBill chosen = Accounts.bill(c.h(), c.account(), month, "50.00");
        ledger.receive(new BillsIssued(List.of(older, chosen)));
        PaymentOrder o = paidOrder(c, List.of(chosen.id()), "50.00");
        // the customer pays the chosen bill at a counter while the gateway's notification is on its way
        ledger.pay(new Pay(
                "counter:" + UUID.randomUUID(),
                PostingKind.PAYMENT,
                PaymentChannel.CASH,
                List.of(new Pay.Share(c.account(), Money.yuan("50.00"), List.of(chosen.id()))),
                null,
                null));

        notify(o);

        assertThat(orders.order(c.user().value(), o.orderNumber()).orElseThrow().state())
                .isEqualTo(OrderState.PAID);
        var balance = ledger.balance(c.account());
        assertThat(balance.receivable())
                .as("the older bill is paid by the gateway's money")
                .isEqualTo(Money.ZERO);
        assertThat(balance.prepaid()).isEqualTo(Money.yuan("20.00"));
    }

    long count(String sql, long id) {
        return jdbc.sql(sql).param("o", id).query(Long.class).single();
    }
}
