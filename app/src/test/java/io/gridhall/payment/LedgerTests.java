package io.gridhall.payment;

import static io.gridhall.payment.Accounts.bill;
import static io.gridhall.payment.Accounts.reversal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import io.gridhall.testing.Actors;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@PaymentTest
class LedgerTests {

    @Autowired
    Ledger ledger;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    Accounts.Household h;
    long account;
    Actor clerk;

    static final LocalDate SEPTEMBER = LocalDate.of(2026, 9, 1);
    static final LocalDate OCTOBER = LocalDate.of(2026, 10, 1);
    static final LocalDate NOVEMBER = LocalDate.of(2026, 11, 1);

    @BeforeEach
    void household() {
        h = Accounts.household(customers, 3);
        account = h.first();
        clerk = Actors.staff(h.branch(), Role.COUNTER_CLERK);
    }

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    Pay cash(String key, long account, String yuan) {
        return new Pay(
                key,
                PostingKind.PAYMENT,
                PaymentChannel.CASH,
                List.of(new Pay.Share(account, Money.yuan(yuan))),
                null,
                clerk);
    }

    static String key() {
        return "test:" + java.util.UUID.randomUUID();
    }

    List<OpenItem> open() {
        return ledger.statement(account, 50).openItems();
    }

    @Test
    void anIssuedBillIsAReceivableOncePerBillId() {
        BillsIssued.IssuedBill bill = bill(h, account, OCTOBER, "123.45");
        ledger.receive(new BillsIssued(List.of(bill)));
        ledger.receive(new BillsIssued(List.of(bill)));

        Balance b = ledger.balance(account);
        assertThat(b.receivable()).isEqualTo(Money.yuan("123.45"));
        assertThat(b.prepaid()).isEqualTo(Money.ZERO);
        assertThat(b.version()).isEqualTo(1);
        assertThat(open()).singleElement().satisfies(i -> {
            assertThat(i.bill()).isEqualTo(bill.id());
            assertThat(i.open()).isEqualTo(Money.yuan("123.45"));
            assertThat(i.dueOn()).isEqualTo(bill.dueOn());
        });
        assertThat(jdbc.sql("select count(*) from payment.posting where bill_id = :id")
                        .param("id", bill.id().value())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void billsArriveThroughTheBillingEventAfterItsTransactionCommits() {
        BillsIssued.IssuedBill bill = bill(h, account, OCTOBER, "88.00");
        tx.executeWithoutResult(s -> events.publishEvent(new BillsIssued(List.of(bill))));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(ledger.balance(account).receivable()).isEqualTo(Money.yuan("88.00")));
    }

    @Test
    void aPaymentSettlesTheOldestOpenBillsFirstAndHoldsTheRestAsCredit() {
        var october = bill(h, account, OCTOBER, "100.00");
        var september = bill(h, account, SEPTEMBER, "50.00");
        ledger.receive(new BillsIssued(List.of(october, september)));

        Posted paid = ledger.pay(cash(key(), account, "120.00"));

        assertThat(open()).singleElement().satisfies(i -> {
            assertThat(i.bill()).isEqualTo(october.id());
            assertThat(i.open()).isEqualTo(Money.yuan("30.00"));
        });
        PostingView receipt = ledger.posting(paid.postingId()).orElseThrow();
        assertThat(receipt.entries())
                .filteredOn(e -> e.book() == Book.RECEIVABLE)
                .extracting(PostingView.EntryView::bill, PostingView.EntryView::amount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(september.id(), Money.yuan("-50.00")),
                        org.assertj.core.groups.Tuple.tuple(october.id(), Money.yuan("-70.00")));

        ledger.pay(cash(key(), account, "50.00"));
        Balance b = ledger.balance(account);
        assertThat(b.receivable()).isEqualTo(Money.ZERO);
        assertThat(b.prepaid()).isEqualTo(Money.yuan("20.00"));
        assertThat(b.net()).isEqualTo(Money.yuan("20.00"));
        assertThat(open()).isEmpty();
    }

    @Test
    void creditIsUsedByTheNextBillAutomatically() {
        ledger.pay(cash(key(), account, "30.00"));
        ledger.receive(new BillsIssued(List.of(bill(h, account, OCTOBER, "100.00"))));

        Balance b = ledger.balance(account);
        assertThat(b.prepaid()).isEqualTo(Money.ZERO);
        assertThat(b.receivable()).isEqualTo(Money.yuan("70.00"));
        assertThat(open()).singleElement().satisfies(i -> assertThat(i.open()).isEqualTo(Money.yuan("70.00")));

        ledger.pay(cash(key(), account, "200.00"));
        ledger.receive(new BillsIssued(List.of(bill(h, account, NOVEMBER, "99.99"))));
        b = ledger.balance(account);
        assertThat(b.receivable()).isEqualTo(Money.ZERO);
        assertThat(b.prepaid()).isEqualTo(Money.yuan("30.01"));
    }

    @Test
    void thePayerMayChooseWhichBillsToSettle() {
        var september = bill(h, account, SEPTEMBER, "50.00");
        var october = bill(h, account, OCTOBER, "100.00");
        ledger.receive(new BillsIssued(List.of(september, october)));

        ledger.pay(new Pay(
                key(),
                PostingKind.PAYMENT,
                PaymentChannel.CARD,
                List.of(new Pay.Share(account, Money.yuan("110.00"), List.of(october.id()))),
                "R-1",
                clerk));

        assertThat(open()).singleElement().satisfies(i -> assertThat(i.bill()).isEqualTo(september.id()));
        assertThat(ledger.balance(account).prepaid()).isEqualTo(Money.yuan("10.00"));
        assertThatThrownBy(() -> ledger.pay(new Pay(
                        key(),
                        PostingKind.PAYMENT,
                        PaymentChannel.CARD,
                        List.of(new Pay.Share(account, Money.yuan("1.00"), List.of(october.id()))),
                        null,
                        clerk)))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("bill-settled"));
        // a bill of another account is unknown to this one
        var other = bill(h, h.accounts()[1], SEPTEMBER, "5.00");
        ledger.receive(new BillsIssued(List.of(other)));
        assertThatThrownBy(() -> ledger.pay(new Pay(
                        key(),
                        PostingKind.PAYMENT,
                        PaymentChannel.CARD,
                        List.of(new Pay.Share(account, Money.yuan("5.00"), List.of(other.id()))),
                        null,
                        clerk)))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("not-found"));
    }

    @Test
    void onePaymentForSeveralAccountsIsOnePostingSettlingEach() {
        long second = h.accounts()[1];
        ledger.receive(new BillsIssued(List.of(bill(h, account, OCTOBER, "10.00"), bill(h, second, OCTOBER, "20.00"))));
        Posted p = ledger.pay(new Pay(
                key(),
                PostingKind.PAYMENT,
                PaymentChannel.CASH,
                List.of(new Pay.Share(account, Money.yuan("10.00")), new Pay.Share(second, Money.yuan("25.00"))),
                "R-2",
                clerk));
        assertThat(ledger.balance(account).net()).isEqualTo(Money.ZERO);
        assertThat(ledger.balance(second).net()).isEqualTo(Money.yuan("5.00"));
        assertThat(ledger.posting(p.postingId()).orElseThrow().entries())
                .filteredOn(e -> e.book() == Book.CASH)
                .extracting(PostingView.EntryView::amount)
                .containsExactly(Money.yuan("10.00"), Money.yuan("25.00"));
    }

    @Test
    void aRepeatedKeyAnswersTheFirstPostingAndWritesNothing() {
        String key = key();
        Posted first = ledger.pay(cash(key, account, "10.00"));
        Posted again = ledger.pay(cash(key, account, "10.00"));
        assertThat(first.replayed()).isFalse();
        assertThat(again).isEqualTo(new Posted(first.postingId(), true));
        assertThat(ledger.balance(account).prepaid()).isEqualTo(Money.yuan("10.00"));
        assertThat(ledger.balance(account).version()).isEqualTo(1);
    }

    @Test
    void aReversalBillCancelsWhatIsOpenAndTurnsWhatWasPaidIntoCredit() {
        var october = bill(h, account, OCTOBER, "100.00");
        ledger.receive(new BillsIssued(List.of(october)));
        ledger.pay(cash(key(), account, "40.00"));

        ledger.receive(new BillsIssued(List.of(reversal(h, october))));

        Balance b = ledger.balance(account);
        assertThat(b.receivable()).isEqualTo(Money.ZERO);
        assertThat(b.prepaid()).isEqualTo(Money.yuan("40.00"));
        // the rebill takes the credit at once
        ledger.receive(new BillsIssued(List.of(bill(h, account, OCTOBER, "90.00"))));
        assertThat(ledger.balance(account).receivable()).isEqualTo(Money.yuan("50.00"));
        assertThat(ledger.balance(account).prepaid()).isEqualTo(Money.ZERO);
    }

    @Test
    void aRefundTakesCreditOnlyAsFarAsItGoes() {
        ledger.pay(cash(key(), account, "10.00"));
        assertThatThrownBy(() ->
                        ledger.refund(key(), account, Money.yuan("10.01"), PaymentChannel.CASH, null, "客户销户退款", clerk))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("insufficient-credit"));
        ledger.refund(key(), account, Money.yuan("10.00"), PaymentChannel.CASH, null, "客户销户退款", clerk);
        assertThat(ledger.balance(account)).isEqualTo(new Balance(account, Money.ZERO, Money.ZERO, 2));
    }

    @Test
    void anAdjustmentChargesOrCreditsWithAReason() {
        var october = bill(h, account, OCTOBER, "100.00");
        ledger.receive(new BillsIssued(List.of(october)));
        assertThatThrownBy(() -> ledger.adjust(key(), account, Money.yuan("-5.00"), " x ", clerk))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("reason-required"));

        ledger.adjust(key(), account, Money.yuan("-120.00"), "抄表错误，退还多收电费", clerk);
        assertThat(ledger.balance(account).net()).isEqualTo(Money.yuan("20.00"));
        assertThat(open()).isEmpty();

        ledger.adjust(key(), account, Money.yuan("25.00"), "补收少收的电费", clerk);
        Balance b = ledger.balance(account);
        assertThat(b.prepaid()).isEqualTo(Money.ZERO);
        assertThat(b.receivable()).isEqualTo(Money.yuan("5.00"));
        assertThat(open()).singleElement().satisfies(i -> assertThat(i.kind()).isEqualTo("ADJUSTMENT"));
    }

    @Test
    void aPenaltyIsAReceivableSettledLikeABill() {
        ledger.receive(new BillsIssued(List.of(bill(h, account, SEPTEMBER, "100.00"))));
        ledger.chargePenalty(key(), account, Money.yuan("1.50"), LocalDate.of(2026, 11, 15), "2026-09");
        ledger.pay(cash(key(), account, "100.00"));
        assertThat(open()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo("PENALTY");
            assertThat(i.open()).isEqualTo(Money.yuan("1.50"));
        });
    }

    @Test
    void aReversalIsTheExactOppositeAndHappensOnce() {
        var october = bill(h, account, OCTOBER, "100.00");
        ledger.receive(new BillsIssued(List.of(october)));
        Posted paid = ledger.pay(cash(key(), account, "130.00"));
        String key = key();

        Posted reversed = ledger.reverse(key, paid.postingId(), "收款金额录入错误", clerk);

        assertThat(ledger.balance(account).receivable()).isEqualTo(Money.yuan("100.00"));
        assertThat(ledger.balance(account).prepaid()).isEqualTo(Money.ZERO);
        assertThat(ledger.reverse(key, paid.postingId(), "收款金额录入错误", clerk))
                .isEqualTo(new Posted(reversed.postingId(), true));
        assertThatThrownBy(() -> ledger.reverse(key(), paid.postingId(), "再次冲正试试", clerk))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("posting-reversed"));
        assertThatThrownBy(() -> ledger.reverse(key(), reversed.postingId(), "冲正的冲正", clerk))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("posting-not-reversible"));
    }

    @Test
    void aPaymentWhoseCreditWasSpentCannotBeReversed() {
        Posted paid = ledger.pay(cash(key(), account, "50.00"));
        ledger.receive(new BillsIssued(List.of(bill(h, account, OCTOBER, "40.00"))));
        assertThatThrownBy(() -> ledger.reverse(key(), paid.postingId(), "收款金额录入错误", clerk))
                .isInstanceOf(Problem.class);
        assertThat(ledger.balance(account).prepaid()).isEqualTo(Money.yuan("10.00"));
    }

    @Test
    void creditMovesBetweenAccountsAndNeverBelowZero() {
        long second = h.accounts()[1];
        ledger.pay(cash(key(), account, "10.00"));
        ledger.receive(new BillsIssued(List.of(bill(h, second, OCTOBER, "4.00"))));
        ledger.transfer(key(), account, second, Money.yuan("6.00"), "余额转移", clerk);
        assertThat(ledger.balance(account).prepaid()).isEqualTo(Money.yuan("4.00"));
        assertThat(ledger.balance(second).prepaid()).isEqualTo(Money.yuan("2.00"));
        assertThat(ledger.balance(second).receivable()).isEqualTo(Money.ZERO);
        assertThatThrownBy(() -> ledger.transfer(key(), account, second, Money.yuan("4.01"), "余额转移", clerk))
                .isInstanceOf(Problem.class);
    }

    @Test
    void anUnknownAccountIsNotFoundAndLeavesNothing() {
        long before = jdbc.sql("select count(*) from payment.posting")
                .query(Long.class)
                .single();
        assertThatThrownBy(() -> ledger.pay(cash(key(), Long.MAX_VALUE - 7, "1.00")))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("not-found"));
        assertThat(jdbc.sql("select count(*) from payment.posting")
                        .query(Long.class)
                        .single())
                .isEqualTo(before);
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveEntriesAndPostings() {
        Posted p = ledger.pay(cash(key(), account, "10.00"));
        for (String sql : List.of(
                "update payment.entry set amount = amount * 2 where posting_id = :id",
                "delete from payment.entry where posting_id = :id",
                "update payment.posting set reason = 'x' where posting_id = :id",
                "delete from payment.posting where posting_id = :id")) {
            assertThatThrownBy(() -> jdbc.sql(sql).param("id", p.postingId()).update())
                    .as(sql)
                    .isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("append-only");
        }
        assertThatThrownBy(() -> jdbc.sql("truncate payment.entry").update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
        assertThat(ledger.balance(account).prepaid()).isEqualTo(Money.yuan("10.00"));
    }

    @Test
    void theDatabaseRefusesAPostingThatDoesNotBalance() {
        Posted p = ledger.pay(cash(key(), account, "10.00"));
        assertThatThrownBy(() -> jdbc.sql("""
                        insert into payment.entry (posting_id, book, amount) values (:id, 'CASH', 1)""").param("id", p.postingId()).update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("does not balance");
        assertThatThrownBy(() -> jdbc.sql("""
                        insert into payment.entry (posting_id, book, supply_account_id, account_version, amount)
                        values (:id, 'PREPAID', :acc, 1, -5), (:id, 'CASH', null, null, 5)""")
                        .param("id", p.postingId())
                        .param("acc", account)
                        .update())
                .as("a version the account already has")
                .isInstanceOf(DataAccessException.class);
    }

    @Test
    void theStatementShowsEntriesNewestFirstWithTheBalanceAfterEach() {
        ledger.receive(new BillsIssued(List.of(bill(h, account, OCTOBER, "100.00"))));
        ledger.pay(cash(key(), account, "150.00"));
        Statement s = ledger.statement(account, 10);
        assertThat(s.balance().net()).isEqualTo(Money.yuan("50.00"));
        assertThat(s.lines())
                .extracting(Statement.Line::accountVersion, Statement.Line::balanceAfter)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3L, Money.yuan("50.00")),
                        org.assertj.core.groups.Tuple.tuple(2L, Money.yuan("0.00")),
                        org.assertj.core.groups.Tuple.tuple(1L, Money.yuan("-100.00")));
    }
}
