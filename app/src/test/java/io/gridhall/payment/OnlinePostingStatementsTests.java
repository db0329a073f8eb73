package io.gridhall.payment;

import static io.gridhall.payment.Accounts.bill;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.Customers;
import io.gridhall.shared.Money;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The round trips of one online payment (issue #10, section 9): what {@code Ledger.pay} sends to PostgreSQL from the
 * facade call to its commit, counted on the connection the transaction runs on. The online share of the raw ceiling
 * is decided by these; a change that adds a statement to every payment fails here and has to say why.
 */
@PaymentTest
class OnlinePostingStatementsTests {

    @Autowired
    Ledger ledger;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    java.time.Clock clock;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    Accounts.Household h;
    long account;

    @BeforeEach
    void household() {
        h = Accounts.household(customers, 1);
        account = h.first();
    }

    @AfterEach
    void booksAgree() {
        LedgerChecks.assertBooksAgree(jdbc);
    }

    /** The ledger's transaction reuses its plans (ADR 0012, "Planned once"). */
    static final String PLAN_ONCE = "set local plan_cache_mode = force_generic_plan";

    /** The ledger's write, which earns the points too (ADR 0015). */
    static final String WRITE_AND_EARN = "insert payment.entry, update payment.ledger_account,"
            + " update payment.receivable_item, insert payment.points_entry, insert payment.points_account";

    static Pay byGateway(long account, String yuan) {
        return new Pay(
                "gw:" + java.util.UUID.randomUUID(),
                PostingKind.PAYMENT,
                PaymentChannel.GATEWAY,
                List.of(new Pay.Share(account, Money.yuan(yuan))),
                null,
                null);
    }

    @Test
    void aGatewayPaymentToAnAccountThatOwesNothingIsFourStatementsAndOneCommit() {
        ledger.pay(byGateway(account, "1.00")); // the account's ledger row exists from here on

        StatementCounter.Counted counted = count(() -> ledger.pay(byGateway(account, "100.00")));

        assertThat(counted.statements())
                .as("one online payment's statements, in order")
                .containsExactly(
                        PLAN_ONCE, "select payment.ledger_account (lock)", "insert payment.posting", WRITE_AND_EARN);
        assertThat(counted.commits()).isEqualTo(1);
        assertThat(ledger.balance(account).prepaid()).isEqualTo(Money.yuan("101.00"));
        assertThat(points(account))
                .as("points earned in the posting's transaction")
                .isEqualTo(2 + 200);
    }

    @Test
    void settlingAnOpenBillReadsTheItemsAndMovesThemInTheSameWrite() {
        ledger.pay(byGateway(account, "1.00"));
        // due 20 days after the end of this month: paid before its due date
        ledger.receive(
                new BillsIssued(List.of(bill(h, account, LocalDate.now(clock).withDayOfMonth(1), "50.00"))));

        StatementCounter.Counted counted = count(() -> ledger.pay(byGateway(account, "100.00")));

        assertThat(counted.statements())
                .containsExactly(
                        PLAN_ONCE,
                        "select payment.ledger_account (lock)",
                        "insert payment.posting",
                        "select payment.receivable_item",
                        WRITE_AND_EARN);
        assertThat(counted.commits()).isEqualTo(1);
        assertThat(ledger.balance(account).receivable()).isEqualTo(Money.ZERO);
        assertThat(ledger.balance(account).prepaid()).isEqualTo(Money.yuan("51.00"));
        assertThat(points(account))
                .as("100 yuan by gateway, 49 of them settling a bill before its due date (the credit of 1 paid the"
                        + " rest): half as much again for those")
                .isEqualTo(2 + 200 + 49);
    }

    @Test
    void aPaymentThatEarnsNothingWritesNoPointsPart() {
        ledger.pay(byGateway(account, "1.00"));

        StatementCounter.Counted counted = count(() -> ledger.pay(byGateway(account, "0.99")));

        assertThat(counted.statements())
                .containsExactly(
                        PLAN_ONCE,
                        "select payment.ledger_account (lock)",
                        "insert payment.posting",
                        "insert payment.entry, update payment.ledger_account, update payment.receivable_item");
    }

    @Test
    void aRepeatedKeyAnswersTheFirstPostingWithoutWriting() {
        Pay payment = byGateway(account, "20.00");
        long first = ledger.pay(payment).postingId();

        StatementCounter.Counted counted = count(() -> {
            Posted again = ledger.pay(payment);
            assertThat(again.replayed()).isTrue();
            assertThat(again.postingId()).isEqualTo(first);
        });

        assertThat(counted.statements())
                .containsExactly(
                        PLAN_ONCE,
                        "select payment.ledger_account (lock)",
                        "insert payment.posting",
                        "select payment.posting");
        assertThat(ledger.balance(account).prepaid()).isEqualTo(Money.yuan("20.00"));
    }

    /**
     * The ledger's statements are planned once per connection, not once per payment (ADR 0012, "Planned once"): the
     * driver prepares them on the server after five uses, and without the setting PostgreSQL would plan each of its
     * first five executions there again (and every later one, for an online payment's short arrays). Read as what
     * twelve payments added to the connection's counts, whatever the pooled connection ran before.
     */
    @Test
    void theLedgersStatementsArePlannedOncePerConnectionNotPerPayment() {
        ledger.pay(byGateway(account, "1.00"));
        java.util.Map<String, long[]> added = new TransactionTemplate(transactions).execute(tx -> {
            java.util.Map<String, long[]> before = ledgerPlans();
            for (int i = 0; i < 12; i++) ledger.pay(byGateway(account, "1.00"));
            java.util.Map<String, long[]> delta = new java.util.HashMap<>();
            ledgerPlans().forEach((statement, after) -> {
                long[] was = before.getOrDefault(statement, new long[2]);
                if (after[0] + after[1] > was[0] + was[1])
                    delta.put(statement, new long[] {after[0] - was[0], after[1] - was[1]});
            });
            return delta;
        });

        assertThat(added)
                .as("the lock, the posting and the write, run on the server's prepared statements")
                .hasSizeGreaterThanOrEqualTo(3);
        added.forEach((statement, plans) -> {
            assertThat(plans[1])
                    .as("plans made for one payment's values: %s", statement)
                    .isZero();
            assertThat(plans[0]).as("the generic plan used: %s", statement).isPositive();
        });
    }

    /** The ledger's lock, posting and write statements prepared on this connection: generic and custom plans. */
    java.util.Map<String, long[]> ledgerPlans() {
        java.util.Map<String, long[]> plans = new java.util.HashMap<>();
        jdbc.sql("""
                        select statement, generic_plans, custom_plans from pg_prepared_statements
                        where statement like 'select supply_account_id, branch_id, receivable, prepaid, version%'
                           or statement like 'insert into payment.posting %'
                           or statement like 'with entries as (%insert into payment.entry%'""").query(rs -> {
            plans.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
        });
        return plans;
    }

    long points(long account) {
        return jdbc.sql("select coalesce(sum(points), 0) from payment.points_entry where supply_account_id = :a")
                .param("a", account)
                .query(Long.class)
                .single();
    }

    StatementCounter.Counted count(Runnable work) {
        return StatementCounter.count(dataSource, work);
    }
}
