package io.gridhall.payment;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillType;
import io.gridhall.billing.BillsIssued;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.Customers;
import io.gridhall.customer.IdNumbers;
import io.gridhall.identity.BranchId;
import io.gridhall.shared.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Supply accounts of one household in a branch of their own, and bills for them. */
public final class Accounts {

    private static final AtomicLong bills =
            new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50));

    private Accounts() {}

    public record Household(BranchId branch, long customerId, long[] accounts) {
        public long first() {
            return accounts[0];
        }
    }

    /** One customer with {@code n} accounts in a fresh branch. */
    public static Household household(Customers customers, int n) {
        BranchId branch = new BranchId(ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2));
        long customer = customers.allocateCustomerIds(1)[0];
        long[] ids = customers.allocateAccountIds(n);
        List<Customers.AccountRow> rows = new ArrayList<>();
        for (long id : ids)
            rows.add(new Customers.AccountRow(
                    id,
                    String.format("8%09d", ThreadLocalRandom.current().nextLong(1_000_000_000L)),
                    customer,
                    "缴费测试",
                    "杭州市缴费路1号",
                    branch,
                    "RESIDENTIAL_TIERED",
                    LocalDate.of(2020, 1, 1)));
        customers.importRows(new Customers.ImportBatch(
                List.of(new Customers.CustomerRow(
                        customer, branch, CustomerClass.RESIDENTIAL, CustomerKind.PERSON, "缴费测试", idNumber(), null)),
                rows,
                List.of(),
                List.of()));
        return new Household(branch, customer, ids);
    }

    static String idNumber() {
        String first17 = "330106" + (1950 + ThreadLocalRandom.current().nextInt(50)) + "0615"
                + String.format("%03d", ThreadLocalRandom.current().nextInt(1000));
        return first17 + IdNumbers.checkCharacter(first17);
    }

    public static BillId newBillId() {
        return new BillId(bills.incrementAndGet());
    }

    /** A regular bill of the month starting {@code from}, due 20 days after the month. */
    public static BillsIssued.IssuedBill bill(Household h, long account, LocalDate from, String yuan) {
        BillId id = newBillId();
        LocalDate to = from.plusMonths(1).minusDays(1);
        return new BillsIssued.IssuedBill(
                id,
                account,
                h.branch(),
                BillType.REGULAR,
                "B" + id.value(),
                from,
                to,
                to.plusDays(3),
                to.plusDays(20),
                Money.yuan(yuan),
                null);
    }

    public static BillsIssued.IssuedBill reversal(Household h, BillsIssued.IssuedBill of) {
        BillId id = newBillId();
        return new BillsIssued.IssuedBill(
                id,
                of.supplyAccountId(),
                h.branch(),
                BillType.REVERSAL,
                "R" + id.value(),
                of.periodFrom(),
                of.periodTo(),
                of.issuedOn().plusDays(5),
                of.dueOn(),
                of.total().negate(),
                of.id());
    }
}
