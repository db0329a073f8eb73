package io.gridhall.customer;

import io.gridhall.customer.Customers.AccountRow;
import io.gridhall.customer.Customers.ContactRow;
import io.gridhall.customer.Customers.CustomerRow;
import io.gridhall.customer.Customers.GroupLinkRow;
import io.gridhall.customer.Customers.ImportBatch;
import io.gridhall.grid.Grid;
import io.gridhall.grid.Topologies;
import io.gridhall.identity.BranchId;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Unique customers for one test, with the grid below their accounts. */
final class Households {

    record Household(
            long customerId,
            long accountId,
            String accountNumber,
            String name,
            String accountName,
            String phone,
            String idNumber,
            String address,
            BranchId branch,
            Topologies.Small grid) {}

    private Households() {}

    static String digits(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append(ThreadLocalRandom.current().nextInt(10));
        return s.toString();
    }

    static String idNumber() {
        String first17 = "330106" + (1950 + ThreadLocalRandom.current().nextInt(50)) + "0615" + digits(3);
        return first17 + IdNumbers.checkCharacter(first17);
    }

    /** A household in a fresh branch: customer, one account metered by the topology's meters 0 and 1. */
    static Household household(Customers customers, Grid grid) {
        long customer = customers.allocateCustomerIds(1)[0];
        long[] accountIds = customers.allocateAccountIds(5);
        Topologies.Small t = Topologies.small(grid, accountIds);
        String number = "7" + digits(9);
        String name = "测试" + digits(4);
        String phone = "139" + digits(8);
        String id = idNumber();
        String address = "浙江省杭州市测试区幸福路" + digits(3) + "号";
        String[] numbers = {number, "7" + digits(9), "7" + digits(9), "7" + digits(9), "7" + digits(9)};
        List<AccountRow> accounts = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            accounts.add(new AccountRow(
                    accountIds[i],
                    numbers[i],
                    customer,
                    name,
                    address,
                    t.branch(),
                    "RESIDENTIAL_TIERED",
                    LocalDate.of(2020, 1, 1)));
        }
        customers.importRows(new ImportBatch(
                List.of(new CustomerRow(
                        customer, t.branch(), CustomerClass.RESIDENTIAL, CustomerKind.PERSON, name, id, null)),
                accounts.subList(0, 1),
                List.of(new ContactRow(customer, ContactRole.OWNER, name, phone, "a.b@example.com")),
                List.of()));
        return new Household(customer, accountIds[0], number, name, name, phone, id, address, t.branch(), t);
    }

    record Group(
            long parentId,
            long parentAccount,
            String parentAccountNumber,
            String parentAccountName,
            long[] subsidiaryAccounts) {}

    /** A group customer with its own account and three subsidiaries with one account each. */
    static Group group(Customers customers, BranchId branch) {
        long[] ids = customers.allocateCustomerIds(4);
        long[] accounts = customers.allocateAccountIds(4);
        String tag = digits(5);
        List<CustomerRow> rows = new java.util.ArrayList<>();
        List<AccountRow> accountRows = new java.util.ArrayList<>();
        String parentNumber = "7" + digits(9);
        for (int i = 0; i < 4; i++) {
            String name = i == 0 ? "测试集团" + tag : "测试集团" + tag + "子公司" + i;
            rows.add(new CustomerRow(
                    ids[i],
                    branch,
                    CustomerClass.COMMERCIAL,
                    CustomerKind.ORGANISATION,
                    name,
                    "91330100MA2" + digits(6) + "X",
                    null));
            accountRows.add(new AccountRow(
                    accounts[i],
                    i == 0 ? parentNumber : "7" + digits(9),
                    ids[i],
                    name,
                    "杭州市测试路" + i + "号",
                    branch,
                    "COMMERCIAL",
                    LocalDate.of(2019, 3, 1)));
        }
        customers.importRows(new ImportBatch(
                rows,
                accountRows,
                List.of(),
                List.of(
                        new GroupLinkRow(ids[0], ids[1]),
                        new GroupLinkRow(ids[0], ids[2]),
                        new GroupLinkRow(ids[0], ids[3]))));
        return new Group(
                ids[0], accounts[0], parentNumber, rows.get(0).name(), new long[] {accounts[1], accounts[2], accounts[3]
                });
    }
}
