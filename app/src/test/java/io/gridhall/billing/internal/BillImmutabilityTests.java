package io.gridhall.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillType;
import io.gridhall.billing.internal.Bills.Finding;
import io.gridhall.billing.internal.Bills.NewBill;
import io.gridhall.billing.internal.rating.RatedBill;
import io.gridhall.identity.BranchId;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.Problem;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Bills are immutable in the database itself, whoever writes SQL: only the status moves, along the Java table. */
@BillingTest
class BillImmutabilityTests {

    @Autowired
    Bills bills;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    private long insert(BillType type, BillStatus status, Long reverses, long account, LocalDate from) {
        RatedBill rated = BillingFixtures.rate(new io.gridhall.billing.internal.rating.Usage(
                        from,
                        from.plusDays(29),
                        List.of(),
                        new io.gridhall.billing.internal.rating.Usage.AccountFacts(
                                account, "RESIDENTIAL_TIERED", from, Kwh.ZERO, 0, null, null, List.of(), null)))
                .orElseThrow();
        Bills.Issue issue = status == BillStatus.ISSUED
                ? new Bills.Issue("T" + ThreadLocalRandom.current().nextLong(1L << 40), from, from.plusDays(15))
                : null;
        NewBill bill = new NewBill(
                account,
                "8000000000",
                // a branch no fixture is given: branch ids come from a sequence, and a held bill in branch 1 would
                // appear in the review queue of the first branch another test of this context creates
                new BranchId(-1),
                type,
                status,
                from,
                from.plusDays(29),
                Kwh.of("120"),
                io.gridhall.shared.Money.yuan("60.00"),
                false,
                "TEST_FLAT",
                1,
                from,
                Kwh.ZERO,
                Kwh.of("120"),
                List.of(new io.gridhall.billing.BillLineView(
                        1,
                        "ENERGY_TIER1",
                        new java.math.BigDecimal("120"),
                        "KWH",
                        BillingFixtures.PRICE,
                        io.gridhall.shared.Money.yuan("60.00"),
                        rated.lines().isEmpty()
                                ? new io.gridhall.billing.LineExplanation("TEST_FLAT", 1, "120 × 0.5", List.of())
                                : rated.lines().getFirst().explanation())),
                List.of(new Finding("ZERO_USAGE", "test")),
                reverses,
                null,
                type == BillType.REGULAR ? null : "测试更正原因",
                type == BillType.REGULAR ? null : "测试员",
                type == BillType.REGULAR ? null : 1L,
                null,
                null,
                issue);
        return tx.execute(s -> bills.insert(List.of(bill), Instant.now()).getFirst());
    }

    private static long anAccount() {
        return ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
    }

    @Test
    void theDatabaseRefusesToChangeAmountsLinesOrFindingsAndToDeleteAnything() {
        long id = insert(BillType.REGULAR, BillStatus.AUDIT_PASSED, null, anAccount(), LocalDate.of(2026, 10, 1));
        List<String> refused = new ArrayList<>();
        for (String sql : List.of(
                "update billing.bill set total_fen = total_fen + 1 where id = ?",
                "update billing.bill set energy = 0 where id = ?",
                "update billing.bill set estimated = true where id = ?",
                "update billing.bill set period_to = period_to - 1 where id = ?",
                "update billing.bill set bill_number = 'X1', issued_on = current_date, due_on = current_date where id = ?",
                "update billing.bill_line set amount_fen = 1 where bill_id = ?",
                "update billing.bill_line set explanation = '{}' where bill_id = ?",
                "update billing.audit_finding set detail = 'x' where bill_id = ?",
                "delete from billing.audit_finding where bill_id = ?",
                "delete from billing.bill_line where bill_id = ?",
                "delete from billing.bill where id = ?")) {
            try {
                tx.executeWithoutResult(s -> jdbc.sql(sql).param(id).update());
            } catch (DataAccessException e) {
                refused.add(sql);
            }
        }
        assertThat(refused).hasSize(11);
        assertThatThrownBy(() -> tx.executeWithoutResult(
                        s -> jdbc.sql("truncate billing.bill_line").update()))
                .isInstanceOf(DataAccessException.class);
        assertThat(bills.find(id).orElseThrow().total()).isEqualTo(io.gridhall.shared.Money.yuan("60.00"));
        assertThat(bills.lines(id)).hasSize(1);
    }

    @Test
    void theDatabaseMovesStatusOnlyAlongTheSameTableAsJava() {
        Set<String> database = new java.util.HashSet<>(
                jdbc.sql("select from_status || '>' || to_status from billing.bill_status_transition")
                        .query(String.class)
                        .list());
        Set<String> java = new java.util.HashSet<>();
        for (BillStatus s : BillStatus.values()) s.next().forEach(t -> java.add(s + ">" + t));
        assertThat(database).isEqualTo(java);

        // every pair the table leaves out is refused by the trigger
        for (BillStatus from : EnumSet.of(BillStatus.AUDIT_PASSED, BillStatus.HELD)) {
            for (BillStatus to : BillStatus.values()) {
                if (to == from || from.canMoveTo(to) || to == BillStatus.ISSUED || to == BillStatus.REVERSED) continue;
                long id = insert(BillType.REGULAR, from, null, anAccount(), LocalDate.of(2026, 10, 1));
                assertThatThrownBy(() ->
                                tx.executeWithoutResult(s -> jdbc.sql("update billing.bill set status = ? where id = ?")
                                        .params(to.name(), id)
                                        .update()))
                        .as(from + " -> " + to)
                        .isInstanceOf(DataAccessException.class);
                assertThatThrownBy(() -> bills.move(List.of(id), from, to))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
        long held = insert(BillType.REGULAR, BillStatus.HELD, null, anAccount(), LocalDate.of(2026, 10, 1));
        List<Long> moved = tx.execute(s -> bills.move(List.of(held), BillStatus.HELD, BillStatus.AUDIT_PASSED));
        assertThat(moved).containsExactly(held);
        // a move from a state the bill has left does nothing, and the single move answers 409
        List<Long> again = tx.execute(s -> bills.move(List.of(held), BillStatus.HELD, BillStatus.SUPERSEDED));
        assertThat(again).isEmpty();
        assertThatThrownBy(
                        () -> tx.executeWithoutResult(s -> bills.moveOne(held, BillStatus.HELD, BillStatus.SUPERSEDED)))
                .isInstanceOf(Problem.class);
        // issuing sets number and dates once
        Boolean issued = tx.execute(s ->
                bills.issue(held, new Bills.Issue("N" + held, LocalDate.of(2026, 11, 5), LocalDate.of(2026, 11, 20))));
        assertThat(issued).isTrue();
        assertThatThrownBy(() -> tx.executeWithoutResult(
                        s -> jdbc.sql("update billing.bill set due_on = due_on + 30 where id = ?")
                                .param(held)
                                .update()))
                .isInstanceOf(DataAccessException.class);
    }

    @Test
    void aPeriodHasOneRegularBillAndEachReversalOneRebill() {
        long account = anAccount();
        LocalDate october = LocalDate.of(2026, 10, 1);
        long regular = insert(BillType.REGULAR, BillStatus.ISSUED, null, account, october);
        assertThatThrownBy(() -> insert(BillType.REGULAR, BillStatus.AUDIT_PASSED, null, account, october))
                .isInstanceOf(RuntimeException.class);
        long reversal = insert(BillType.REVERSAL, BillStatus.ISSUED, regular, account, october);
        assertThatThrownBy(() -> insert(BillType.REVERSAL, BillStatus.ISSUED, regular, account, october))
                .isInstanceOf(RuntimeException.class);
        long rebill = insert(BillType.REBILL, BillStatus.ISSUED, regular, account, october);
        assertThatThrownBy(() -> insert(BillType.REBILL, BillStatus.ISSUED, regular, account, october))
                .isInstanceOf(RuntimeException.class);
        // the rebill reversed in turn allows one more rebill, keyed by the rebill it replaces
        long second = insert(BillType.REVERSAL, BillStatus.ISSUED, rebill, account, october);
        long again = insert(BillType.REBILL, BillStatus.ISSUED, rebill, account, october);
        assertThat(List.of(regular, reversal, rebill, second, again)).doesNotHaveDuplicates();
        // November is another period
        assertThat(insert(BillType.REGULAR, BillStatus.AUDIT_PASSED, null, account, LocalDate.of(2026, 11, 1)))
                .isPositive();
    }
}
