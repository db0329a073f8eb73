package io.gridhall.outage;

import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.Customers;
import io.gridhall.customer.IdNumbers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.Topologies;
import io.gridhall.identity.UserId;
import io.gridhall.notification.Notifications;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh branch for one test: grid's small topology (a line with two areas; area 1 holds accounts 0 and 1, area 2
 * accounts 2, 3 and 4), the five accounts as real customer accounts, and a portal user bound to each of accounts 0
 * to 3 with a phone (account 4 has no portal user; user 0 is also bound to account 2).
 */
final class Neighbourhoods {

    record Neighbourhood(Topologies.Small grid, long[] accounts, long[] users) {}

    private Neighbourhoods() {}

    static String digits(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append(ThreadLocalRandom.current().nextInt(10));
        return s.toString();
    }

    static String idNumber() {
        String first17 = "330106" + (1950 + ThreadLocalRandom.current().nextInt(50)) + "0615" + digits(3);
        return first17 + IdNumbers.checkCharacter(first17);
    }

    static Neighbourhood neighbourhood(Grid grid, Customers customers, Notifications notifications) {
        long[] accounts = customers.allocateAccountIds(5);
        long[] customerIds = customers.allocateCustomerIds(5);
        Topologies.Small t = Topologies.small(grid, accounts);
        List<Customers.CustomerRow> rows = new ArrayList<>();
        List<Customers.AccountRow> accountRows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(new Customers.CustomerRow(
                    customerIds[i],
                    t.branch(),
                    CustomerClass.RESIDENTIAL,
                    CustomerKind.PERSON,
                    "住户" + i,
                    idNumber(),
                    null));
            accountRows.add(new Customers.AccountRow(
                    accounts[i],
                    "7" + digits(9),
                    customerIds[i],
                    "住户" + i,
                    "测试县城东路" + i + "号",
                    t.branch(),
                    "RESIDENTIAL_TIERED",
                    LocalDate.of(2020, 1, 1)));
        }
        customers.importRows(new Customers.ImportBatch(rows, accountRows, List.of(), List.of()));
        long[] users = new long[4];
        for (int i = 0; i < 4; i++) {
            users[i] = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE / 2);
            customers.bind(new UserId(users[i]), accounts[i]);
            notifications.updateContacts(users[i], "139" + digits(8), null, null);
        }
        customers.bind(new UserId(users[0]), accounts[2]);
        return new Neighbourhood(t, accounts, users);
    }
}
