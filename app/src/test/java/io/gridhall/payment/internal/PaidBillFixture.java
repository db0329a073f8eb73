package io.gridhall.payment.internal;

import static io.gridhall.payment.Accounts.bill;

import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.payment.Accounts;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.LedgerChecks;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.Money;
import io.gridhall.testing.Actors;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What the invoice tests start from (ADR 0021): a household with October's bill (100.00) paid and November's (60.00)
 * open, its customer bound to it, the worker run until it is idle, and the books checked after each test.
 */
abstract class PaidBillFixture {

    @Autowired
    MockMvc mvc;

    @Autowired
    Ledger ledger;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IssuingInvoices invoices;

    @Autowired
    TaxPlatformSimulator platform;

    Accounts.Household h;
    Actor owner;
    BillsIssued.IssuedBill october;
    BillsIssued.IssuedBill november;

    @BeforeEach
    void paidBill() {
        h = Accounts.household(customers, 1);
        october = bill(h, h.first(), LocalDate.of(2026, 10, 1), "100.00");
        november = bill(h, h.first(), LocalDate.of(2026, 11, 1), "60.00");
        ledger.receive(new BillsIssued(List.of(october, november)));
        pay("100.00", october);
        owner = Actors.customer();
        customers.bind(owner.userId(), h.first());
    }

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    /** A WeChat Pay payment of the household's first account, settling the bill. */
    void pay(String yuan, BillsIssued.IssuedBill bill) {
        String txn = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        ledger.pay(new Pay(
                "gateway:WECHAT:" + txn,
                PostingKind.PAYMENT,
                PaymentChannel.GATEWAY,
                List.of(new Pay.Share(h.first(), Money.yuan(yuan), List.of(bill.id()))),
                txn,
                null));
    }

    /** Runs the worker until nothing it can do is left (the simulator issues at once unless told otherwise). */
    void settle() {
        for (int i = 0; i < 10 && invoices.sweep() > 0; i++) {}
    }
}
