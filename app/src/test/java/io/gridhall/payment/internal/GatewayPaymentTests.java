package io.gridhall.payment.internal;

import static io.gridhall.payment.Accounts.bill;
import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.payment.Accounts;
import io.gridhall.payment.Gateway;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.LedgerChecks;
import io.gridhall.payment.OrderState;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentOrder;
import io.gridhall.payment.PaymentOrders;
import io.gridhall.payment.PaymentTest;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.Money;
import io.gridhall.testing.Actors;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.node.ObjectNode;

/** Payment orders end to end with the simulated gateways and the database (issue #10, §2, §7, §8; PAY-3, PAY-8). */
@PaymentTest
class GatewayPaymentTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Ledger ledger;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TakingGatewayPayments orders;

    @Autowired
    GatewayJanitor janitor;

    @Autowired
    WeChatPaySimulator wechat;

    @Autowired
    AlipaySimulator alipay;

    @Autowired
    UnionPaySimulator unionPay;

    @Autowired
    EpaySimulator epay;

    @Autowired
    Clock clock;

    Accounts.Household h;
    Accounts.Household other;
    Actor customer;
    BillsIssued.IssuedBill september;
    BillsIssued.IssuedBill october;
    BillsIssued.IssuedBill second;

    @BeforeEach
    void accounts() {
        h = Accounts.household(customers, 2);
        other = Accounts.household(customers, 1);
        customer = Actors.customer();
        customers.bind(customer.userId(), h.first());
        customers.bind(customer.userId(), h.accounts()[1]);
        october = bill(h, h.first(), LocalDate.of(2026, 10, 1), "100.00");
        september = bill(h, h.first(), LocalDate.of(2026, 9, 1), "60.00");
        second = bill(h, h.accounts()[1], LocalDate.of(2026, 10, 1), "45.50");
        ledger.receive(new BillsIssued(List.of(october, september, second)));
    }

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    MockHttpServletRequestBuilder order(String key, String body) {
        return post("/api/v1/payment/orders")
                .with(csrf())
                .header(IdempotentRequests.HEADER, key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }

    MockHttpServletRequestBuilder notify(Gateway g, GatewaySimulator.Delivery d) {
        MockHttpServletRequestBuilder r = post(
                        "/api/v1/public/payment/notifications/{g}", g.name().toLowerCase())
                .content(d.body());
        d.headers().forEach(r::header);
        return r;
    }

    PaymentOrder create(Gateway g, PostingKind kind, Pay.Share... lines) {
        return orders.create(customer.userId().value(), new PaymentOrders.NewOrder(g, kind, List.of(lines)));
    }

    OrderState state(String number) {
        return orders.order(customer.userId().value(), number).orElseThrow().state();
    }

    long credits(String number) {
        return jdbc.sql("""
                        select count(*) from payment.gateway_payment p join payment.payment_order o using (order_id)
                        where o.order_number = :n""").param("n", number).query(Long.class).single();
    }

    @Test
    void aCustomerPaysBillsOfTwoAccountsInOneWeChatOrderAndSeesTheAllocationPerAccount() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = """
                {"gateway": "WECHAT", "kind": "PAYMENT", "lines": [
                  {"accountId": %d, "amount": "170.00", "bills": [%d]},
                  {"accountId": %d, "amount": "45.50"}]}""".formatted(h.first(), october.id().value(), h.accounts()[1]);
        String first = mvc.perform(order(key, body).with(as(customer)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.state").value("CREATED"))
                .andExpect(jsonPath("$.amount").value(215.5))
                .andExpect(jsonPath("$.gateway").value("WECHAT"))
                .andExpect(jsonPath("$.qrCode").value(org.hamcrest.Matchers.startsWith("data:image/png;base64,")))
                .andExpect(jsonPath("$.orderNumber").value(org.hamcrest.Matchers.matchesPattern("GH\\d{18}")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        mvc.perform(order(key, body).with(as(customer)))
                .andExpect(status().isCreated())
                .andExpect(header().string(IdempotentRequests.REPLAYED, "true"))
                .andExpect(content().string(first));
        String number = first.replaceAll(".*\"orderNumber\":\"([A-Z0-9]+)\".*", "$1");
        assertThat(wechat.cashier(number).orElseThrow().amount()).isEqualTo(Money.yuan("215.50"));

        assertThat(wechat.pay(number)).isTrue();
        GatewaySimulator.Delivery d = wechat.notification(wechat.trade(number).orElseThrow());
        mvc.perform(notify(Gateway.WECHAT, d))
                .andExpect(status().isOk())
                .andExpect(content().string(""));
        // the same message again is a replay; a fresh copy is acknowledged and credits nothing more
        mvc.perform(notify(Gateway.WECHAT, d))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("FAIL"));
        mvc.perform(notify(
                        Gateway.WECHAT, wechat.notification(wechat.trade(number).orElseThrow())))
                .andExpect(status().isOk());
        assertThat(credits(number)).isEqualTo(1);

        mvc.perform(get("/api/v1/payment/orders/{n}", number).with(as(customer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("PAID"))
                .andExpect(
                        jsonPath("$.transactionId").value(wechat.trade(number).orElseThrow().transactionId))
                // the chosen October bill, the rest held as credit (the ledger's rule: chosen bills only);
                // the second account's oldest open bill, as nothing was chosen there
                .andExpect(jsonPath("$.lines[0].settled[0].billNumber").value(october.billNumber()))
                .andExpect(jsonPath("$.lines[0].settled[0].amount").value(100.0))
                .andExpect(jsonPath("$.lines[0].settled.length()").value(1))
                .andExpect(jsonPath("$.lines[0].credit").value(70.0))
                .andExpect(jsonPath("$.lines[1].settled[0].billNumber").value(second.billNumber()))
                .andExpect(jsonPath("$.lines[1].credit").value(0.0))
                .andExpect(jsonPath("$.lines[1].accountNumber")
                        .value(customers.account(h.accounts()[1]).orElseThrow().accountNumber()));
        assertThat(ledger.balance(h.first()).receivable()).isEqualTo(Money.yuan("60.00"));
        assertThat(ledger.balance(h.first()).prepaid()).isEqualTo(Money.yuan("70.00"));
        assertThat(ledger.balance(h.accounts()[1]).receivable()).isEqualTo(Money.ZERO);
        mvc.perform(get("/api/v1/payment/orders").with(as(customer)))
                .andExpect(jsonPath("$[0].orderNumber").value(number))
                .andExpect(jsonPath("$[0].gateway").value("WECHAT"));
    }

    @Test
    void aTopUpThroughAlipayIsCreditedOnceAndAnsweredWithSuccess() throws Exception {
        PaymentOrder o =
                create(Gateway.ALIPAY, PostingKind.TOP_UP, new Pay.Share(h.accounts()[1], Money.yuan("300.00")));
        assertThat(o.codeUrl()).startsWith("https://qr.alipay.com/");
        assertThat(alipay.pay(o.orderNumber())).isTrue();
        for (int i = 0; i < 3; i++)
            mvc.perform(notify(
                            Gateway.ALIPAY,
                            alipay.notification(alipay.trade(o.orderNumber()).orElseThrow())))
                    .andExpect(status().isOk())
                    .andExpect(content().string("success"));
        assertThat(credits(o.orderNumber())).isEqualTo(1);
        assertThat(state(o.orderNumber())).isEqualTo(OrderState.PAID);
        // the top-up settles the open bill at once (credit is used by the next bill), the rest is held
        assertThat(ledger.balance(h.accounts()[1]).receivable()).isEqualTo(Money.ZERO);
        assertThat(ledger.balance(h.accounts()[1]).prepaid()).isEqualTo(Money.yuan("254.50"));
    }

    @Test
    void aCustomerPaysOnlyAccountsBoundToThemAndSeesOnlyTheirOrders() throws Exception {
        String foreign = """
                {"gateway": "ALIPAY", "kind": "TOP_UP", "lines": [{"accountId": %d, "amount": "1.00"}]}""".formatted(other.first());
        mvc.perform(order(UUID.randomUUID().toString(), foreign).with(as(customer)))
                .andExpect(status().isNotFound());
        String mine = """
                {"gateway": "ALIPAY", "kind": "TOP_UP", "lines": [{"accountId": %d, "amount": "1.00"}]}""".formatted(h.first());
        mvc.perform(order(UUID.randomUUID().toString(), mine).with(as(Actors.customer())))
                .andExpect(status().isNotFound());
        PaymentOrder o = create(Gateway.ALIPAY, PostingKind.TOP_UP, new Pay.Share(h.first(), Money.yuan("1.00")));
        mvc.perform(get("/api/v1/payment/orders/{n}", o.orderNumber()).with(as(Actors.customer())))
                .andExpect(status().isNotFound());
        // a bill of another account, a top-up naming bills, nothing to pay, no key
        String wrongBill = """
                {"gateway": "WECHAT", "kind": "PAYMENT", "lines": [{"accountId": %d, "amount": "1.00", "bills": [%d]}]}""".formatted(h.accounts()[1], october.id().value());
        mvc.perform(order(UUID.randomUUID().toString(), wrongBill).with(as(customer)))
                .andExpect(status().isNotFound());
        String topUpBills = """
                {"gateway": "WECHAT", "kind": "TOP_UP", "lines": [{"accountId": %d, "amount": "1.00", "bills": [%d]}]}""".formatted(h.first(), october.id().value());
        mvc.perform(order(UUID.randomUUID().toString(), topUpBills).with(as(customer)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("top-up-bills"));
        String zero = """
                {"gateway": "WECHAT", "kind": "PAYMENT", "lines": [{"accountId": %d, "amount": "0.00"}]}""".formatted(h.first());
        mvc.perform(order(UUID.randomUUID().toString(), zero).with(as(customer)))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/payment/orders")
                        .with(csrf())
                        .with(as(customer))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(mine))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("idempotency-key-required"));
        mvc.perform(order(UUID.randomUUID().toString(), mine).with(as(Actors.staff(h.branch()))))
                .andExpect(status().isForbidden());
    }

    // ---- tampering (issue #10, §8): none accepted, none changes state ----

    record Snapshot(OrderState state, long credits, Object balances, long postings) {}

    Snapshot snapshot(String number) {
        return new Snapshot(
                state(number),
                credits(number),
                ledger.balances(List.of(h.first(), h.accounts()[1])),
                jdbc.sql("select count(*) from payment.posting")
                        .query(Long.class)
                        .single());
    }

    @Test
    void tamperedWeChatNotificationsAreRefusedAndChangeNothing() throws Exception {
        PaymentOrder o = create(Gateway.WECHAT, PostingKind.PAYMENT, new Pay.Share(h.first(), Money.yuan("160.00")));
        wechat.pay(o.orderNumber());
        Snapshot before = snapshot(o.orderNumber());
        ObjectNode genuine = wechat.transactionOf(o.orderNumber());
        byte[] apiV3Key = wechat.merchantKeys().apiV3Key();

        ObjectNode amount = genuine.deepCopy();
        ((ObjectNode) amount.get("amount")).put("total", 16000 - 1);
        ObjectNode merchant = genuine.deepCopy();
        merchant.put("mchid", "1900000999");
        ObjectNode app = genuine.deepCopy();
        app.put("appid", "wx0000000000000000");
        ObjectNode unknownOrder = genuine.deepCopy();
        unknownOrder.put("out_trade_no", "GH209912310000000001");
        GatewaySimulator.Delivery good = wechat.notification(genuine, clock.instant(), apiV3Key);
        byte[] flipped = good.body().clone();
        flipped[flipped.length - 10] ^= 0x04;
        GatewaySimulator.Delivery staleSigned =
                wechat.notification(genuine, clock.instant().minus(Duration.ofMinutes(6)), apiV3Key);
        List<GatewaySimulator.Delivery> bad = List.of(
                // signed genuinely, but not our order's amount, merchant, app or number
                wechat.notification(amount, clock.instant(), apiV3Key),
                wechat.notification(merchant, clock.instant(), apiV3Key),
                wechat.notification(app, clock.instant(), apiV3Key),
                wechat.notification(unknownOrder, clock.instant(), apiV3Key),
                // a flipped byte, a truncated body, a stale signature, another key
                new GatewaySimulator.Delivery(good.headers(), flipped),
                new GatewaySimulator.Delivery(good.headers(), java.util.Arrays.copyOf(good.body(), 40)),
                staleSigned,
                SimulatedPairs.forger(wechat, clock).notification(genuine, clock.instant(), apiV3Key));
        for (GatewaySimulator.Delivery d : bad) {
            mvc.perform(notify(Gateway.WECHAT, d)).andExpect(status().is4xxClientError());
            assertThat(snapshot(o.orderNumber())).isEqualTo(before);
        }

        // a replayed nonce: the genuine message is taken once; its replay is refused and changes nothing more
        mvc.perform(notify(Gateway.WECHAT, good)).andExpect(status().isOk());
        Snapshot paid = snapshot(o.orderNumber());
        assertThat(paid.state()).isEqualTo(OrderState.PAID);
        mvc.perform(notify(Gateway.WECHAT, good)).andExpect(status().isBadRequest());
        assertThat(snapshot(o.orderNumber())).isEqualTo(paid);
    }

    @Test
    void tamperedAlipayNotificationsAreRefusedAndChangeNothing() throws Exception {
        PaymentOrder o = create(Gateway.ALIPAY, PostingKind.PAYMENT, new Pay.Share(h.first(), Money.yuan("160.00")));
        alipay.pay(o.orderNumber());
        Snapshot before = snapshot(o.orderNumber());
        Map<String, String> genuine = alipay.fieldsOf(o.orderNumber());
        Map<String, String> amount = new LinkedHashMap<>(genuine);
        amount.put("total_amount", "159.99");
        Map<String, String> seller = new LinkedHashMap<>(genuine);
        seller.put("seller_id", "2088999999999999");
        Map<String, String> app = new LinkedHashMap<>(genuine);
        app.put("app_id", "2021999999999999");
        GatewaySimulator.Delivery good = alipay.notification(genuine, clock.instant());
        Map<String, String> flippedForm = Alipay.form(good.body());
        flippedForm.put("total_amount", "1600.00");
        List<GatewaySimulator.Delivery> bad = List.of(
                alipay.notification(amount, clock.instant()),
                alipay.notification(seller, clock.instant()),
                alipay.notification(app, clock.instant()),
                new GatewaySimulator.Delivery(
                        good.headers(), Alipay.encode(flippedForm).getBytes(StandardCharsets.UTF_8)),
                new GatewaySimulator.Delivery(
                        good.headers(), java.util.Arrays.copyOf(good.body(), good.body().length / 2)),
                alipay.notification(genuine, clock.instant().minus(Duration.ofMinutes(6))),
                SimulatedPairs.forger(alipay, clock).notification(genuine, clock.instant()));
        for (GatewaySimulator.Delivery d : bad) {
            mvc.perform(notify(Gateway.ALIPAY, d)).andExpect(content().string("fail"));
            assertThat(snapshot(o.orderNumber())).isEqualTo(before);
        }
        mvc.perform(notify(Gateway.ALIPAY, good)).andExpect(content().string("success"));
        Snapshot paid = snapshot(o.orderNumber());
        assertThat(paid.state()).isEqualTo(OrderState.PAID);
        mvc.perform(notify(Gateway.ALIPAY, good)).andExpect(content().string("fail"));
        assertThat(snapshot(o.orderNumber())).isEqualTo(paid);
    }

    @Test
    void aUnionPayPaymentIsCreditedOnceUnderRepeatedNotificationsAndAnsweredOk() throws Exception {
        PaymentOrder o =
                create(Gateway.UNIONPAY, PostingKind.TOP_UP, new Pay.Share(h.accounts()[1], Money.yuan("300.00")));
        assertThat(o.codeUrl()).startsWith("https://qr.95516.com/");
        mvc.perform(get("/api/v1/payment/gateways").with(as(customer)))
                .andExpect(status().isOk())
                .andExpect(content().json("[\"WECHAT\",\"ALIPAY\",\"UNIONPAY\",\"EPAY\"]"));
        assertThat(unionPay.pay(o.orderNumber())).isTrue();
        GatewaySimulator.Delivery d =
                unionPay.notification(unionPay.trade(o.orderNumber()).orElseThrow());
        mvc.perform(notify(Gateway.UNIONPAY, d))
                .andExpect(status().isOk())
                .andExpect(content().string("ok"));
        // UnionPay sends the same signed message again: taken once, its copies change nothing
        for (int i = 0; i < 3; i++) mvc.perform(notify(Gateway.UNIONPAY, d)).andExpect(status().is4xxClientError());
        assertThat(credits(o.orderNumber())).isEqualTo(1);
        assertThat(state(o.orderNumber())).isEqualTo(OrderState.PAID);
        assertThat(ledger.balance(h.accounts()[1]).prepaid()).isEqualTo(Money.yuan("254.50"));
        // the janitor asking as well credits nothing more
        due(o.orderNumber());
        sweep();
        assertThat(credits(o.orderNumber())).isEqualTo(1);
    }

    @Test
    void tamperedUnionPayNotificationsAreRefusedAndChangeNothing() throws Exception {
        PaymentOrder o = create(Gateway.UNIONPAY, PostingKind.PAYMENT, new Pay.Share(h.first(), Money.yuan("160.00")));
        unionPay.pay(o.orderNumber());
        Snapshot before = snapshot(o.orderNumber());
        Map<String, String> genuine = unionPay.fieldsOf(o.orderNumber());
        Map<String, String> amount = new LinkedHashMap<>(genuine);
        amount.put("txnAmt", "15999");
        Map<String, String> merchant = new LinkedHashMap<>(genuine);
        merchant.put("merId", "898110248169999");
        Map<String, String> unknown = new LinkedHashMap<>(genuine);
        unknown.put("orderId", "GH" + genuine.get("txnTime").substring(0, 8) + "9999999999");
        Map<String, String> stale = new LinkedHashMap<>(genuine);
        stale.put("txnTime", "20200101000000");
        GatewaySimulator.Delivery good = unionPay.notification(genuine);
        Map<String, String> flipped = Alipay.form(good.body());
        flipped.put("txnAmt", "1600000");
        List<GatewaySimulator.Delivery> bad = List.of(
                unionPay.notification(amount),
                unionPay.notification(merchant),
                unionPay.notification(unknown),
                unionPay.notification(stale),
                new GatewaySimulator.Delivery(
                        good.headers(), Alipay.encode(flipped).getBytes(StandardCharsets.UTF_8)),
                new GatewaySimulator.Delivery(
                        good.headers(), java.util.Arrays.copyOf(good.body(), good.body().length / 2)),
                SimulatedPairs.forger(unionPay, clock).notification(genuine));
        for (GatewaySimulator.Delivery d : bad) {
            mvc.perform(notify(Gateway.UNIONPAY, d)).andExpect(content().string("fail"));
            assertThat(snapshot(o.orderNumber())).isEqualTo(before);
        }
        mvc.perform(notify(Gateway.UNIONPAY, good)).andExpect(content().string("ok"));
        Snapshot paid = snapshot(o.orderNumber());
        assertThat(paid.state()).isEqualTo(OrderState.PAID);
        mvc.perform(notify(Gateway.UNIONPAY, good)).andExpect(content().string("fail"));
        assertThat(snapshot(o.orderNumber())).isEqualTo(paid);
    }

    @Test
    void anEpayPaymentIsCreditedOnceUnderRepeatedNotifications() throws Exception {
        PaymentOrder o = create(Gateway.EPAY, PostingKind.PAYMENT, new Pay.Share(h.first(), Money.yuan("160.00")));
        assertThat(o.codeUrl()).startsWith("https://qr.epay.example/");
        assertThat(epay.pay(o.orderNumber())).isTrue();
        for (int i = 0; i < 4; i++)
            mvc.perform(notify(
                            Gateway.EPAY,
                            epay.notification(epay.trade(o.orderNumber()).orElseThrow())))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.return_code").value("SUCCESS"));
        assertThat(credits(o.orderNumber())).isEqualTo(1);
        assertThat(state(o.orderNumber())).isEqualTo(OrderState.PAID);
        assertThat(ledger.balance(h.first()).receivable()).isEqualTo(Money.ZERO);
    }

    @Test
    void tamperedEpayNotificationsAreRefusedAndChangeNothing() throws Exception {
        PaymentOrder o = create(Gateway.EPAY, PostingKind.PAYMENT, new Pay.Share(h.first(), Money.yuan("160.00")));
        epay.pay(o.orderNumber());
        Snapshot before = snapshot(o.orderNumber());
        ObjectNode genuine = epay.contentOf(o.orderNumber());
        ObjectNode amount = genuine.deepCopy();
        amount.put("total_fee", 16000 - 1);
        ObjectNode merchant = genuine.deepCopy();
        merchant.put("mer_no", "SG1100000000999");
        ObjectNode app = genuine.deepCopy();
        app.put("app_id", "EPAY2026999999");
        ObjectNode unknownOrder = genuine.deepCopy();
        unknownOrder.put("out_trade_no", "GH209912310000000001");
        GatewaySimulator.Delivery good = epay.notification(genuine, clock.instant());
        byte[] flipped = good.body().clone();
        flipped[flipped.length - 10] ^= 0x04;
        List<GatewaySimulator.Delivery> bad = List.of(
                epay.notification(amount, clock.instant()),
                epay.notification(merchant, clock.instant()),
                epay.notification(app, clock.instant()),
                epay.notification(unknownOrder, clock.instant()),
                new GatewaySimulator.Delivery(good.headers(), flipped),
                new GatewaySimulator.Delivery(good.headers(), java.util.Arrays.copyOf(good.body(), 40)),
                epay.notification(genuine, clock.instant().minus(Duration.ofMinutes(6))),
                SimulatedPairs.forger(epay, clock).notification(genuine, clock.instant()));
        for (GatewaySimulator.Delivery d : bad) {
            mvc.perform(notify(Gateway.EPAY, d))
                    .andExpect(status().is4xxClientError())
                    .andExpect(jsonPath("$.return_code").value("FAIL"));
            assertThat(snapshot(o.orderNumber())).isEqualTo(before);
        }
        mvc.perform(notify(Gateway.EPAY, good)).andExpect(status().isOk());
        Snapshot paid = snapshot(o.orderNumber());
        assertThat(paid.state()).isEqualTo(OrderState.PAID);
        mvc.perform(notify(Gateway.EPAY, good)).andExpect(status().isBadRequest());
        assertThat(snapshot(o.orderNumber())).isEqualTo(paid);
    }

    // ---- the janitor ----

    void due(String number) {
        jdbc.sql("update payment.payment_order set next_query_at = now() - interval '1 second' where order_number = :n")
                .param("n", number)
                .update();
    }

    void expired(String number) {
        jdbc.sql("""
                        update payment.payment_order set expires_at = now() - interval '1 second',
                               next_query_at = now() - interval '1 second' where order_number = :n""").param("n", number).update();
    }

    void sweep() {
        while (janitor.sweep() > 0) {}
    }

    @Test
    void theJanitorCreditsAPaymentNobodyNotifiedAndALateNotificationChangesNothing() throws Exception {
        PaymentOrder o = create(Gateway.WECHAT, PostingKind.PAYMENT, new Pay.Share(h.first(), Money.yuan("160.00")));
        wechat.pay(o.orderNumber());
        due(o.orderNumber());
        sweep();
        assertThat(state(o.orderNumber())).isEqualTo(OrderState.PAID);
        assertThat(jdbc.sql("select source from payment.gateway_payment where transaction_id = :t")
                        .param("t", wechat.trade(o.orderNumber()).orElseThrow().transactionId)
                        .query(String.class)
                        .single())
                .isEqualTo("QUERY");
        mvc.perform(notify(
                        Gateway.WECHAT,
                        wechat.notification(wechat.trade(o.orderNumber()).orElseThrow())))
                .andExpect(status().isOk());
        assertThat(credits(o.orderNumber())).isEqualTo(1);
        assertThat(ledger.balance(h.first()).receivable()).isEqualTo(Money.ZERO);
    }

    @Test
    void theJanitorClosesExpiredOrdersAtTheGatewayAndMoneyPaidAfterACloseIsHeldAsCredit() throws Exception {
        PaymentOrder o = create(Gateway.ALIPAY, PostingKind.PAYMENT, new Pay.Share(h.first(), Money.yuan("60.00")));
        expired(o.orderNumber());
        sweep();
        assertThat(state(o.orderNumber())).isEqualTo(OrderState.CLOSED);
        assertThat(alipay.trade(o.orderNumber()).orElseThrow().state).isEqualTo(GatewaySimulator.SimState.CLOSED);
        assertThat(alipay.pay(o.orderNumber())).as("closed at the gateway too").isFalse();

        // a gateway that took the money anyway (its close came too late): credited as a top-up, never lost
        GatewaySimulator.SimTrade t = alipay.trade(o.orderNumber()).orElseThrow();
        t.transactionId = "2026120622001400000000000042" + System.nanoTime() % 1000;
        t.paidAt = clock.instant();
        Money netBefore = ledger.balance(h.first()).net();
        mvc.perform(notify(Gateway.ALIPAY, alipay.notification(alipay.fields(t), clock.instant())))
                .andExpect(content().string("success"));
        assertThat(state(o.orderNumber())).isEqualTo(OrderState.CLOSED);
        assertThat(credits(o.orderNumber())).isEqualTo(1);
        assertThat(jdbc.sql("select kind from payment.gateway_payment where transaction_id = :t")
                        .param("t", t.transactionId)
                        .query(String.class)
                        .single())
                .isEqualTo("TOP_UP");
        // a top-up settles open items first (the ledger's rule), so what the account holds net grew by the amount
        assertThat(ledger.balance(h.first()).net()).isEqualTo(netBefore.plus(Money.yuan("60.00")));
    }

    @Test
    void aGatewayThatDoesNotAnswerLeavesAnExpiredOrderUnknownNeverFailed() {
        PaymentOrder o = create(Gateway.WECHAT, PostingKind.TOP_UP, new Pay.Share(h.first(), Money.yuan("5.00")));
        expired(o.orderNumber());
        wechat.timeoutPercent(100);
        try {
            sweep();
        } finally {
            wechat.timeoutPercent(0);
        }
        assertThat(state(o.orderNumber())).isEqualTo(OrderState.UNKNOWN);
        // it answers again: paid meanwhile, so the UNKNOWN order is paid
        wechat.trade(o.orderNumber()).orElseThrow().state = GatewaySimulator.SimState.PAID;
        GatewaySimulator.SimTrade t = wechat.trade(o.orderNumber()).orElseThrow();
        t.transactionId = "4200" + System.nanoTime();
        t.paidAt = clock.instant();
        due(o.orderNumber());
        sweep();
        assertThat(state(o.orderNumber())).isEqualTo(OrderState.PAID);
    }
}
