package io.gridhall.demo;

import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.identity.StaffDirectory;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** With profile {@code demo}: fills an empty database with the demo utility and prints how to sign in. */
@Component
@Profile("demo")
class DemoStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoStartup.class);

    private final Grid grid;
    private final Customers customers;
    private final TransactionTemplate transactions;
    private final ObjectProvider<StaffDirectory> staffDirectory;
    private final Clock clock;
    private final int count;
    private final long seed;
    private final Path roster;

    DemoStartup(Grid grid, Customers customers, TransactionTemplate transactions,
            ObjectProvider<StaffDirectory> staffDirectory, Clock clock,
            @Value("${gridhall.demo.customers:5000}") int count, @Value("${gridhall.demo.seed:42}") long seed,
            @Value("${gridhall.demo.roster:./data/meters.csv}") String roster) {
        this.grid = grid;
        this.customers = customers;
        this.transactions = transactions;
        this.staffDirectory = staffDirectory;
        this.clock = clock;
        this.count = count;
        this.seed = seed;
        this.roster = Path.of(roster);
    }

    @Override
    public void run(ApplicationArguments args) {
        if (customers.countCustomers() > 0) {
            log.info("Demo data: the database already has customers; not generating");
            return;
        }
        DemoLoad load = new DemoLoad(grid, customers, transactions, clock);
        DemoGenerator.Result result = load.load(seed, count, roster);
        StringBuilder out = new StringBuilder("\n==== GridHall demo utility ====\n");
        load.counts().forEach((table, n) -> out.append("  %-28s %,12d%n".formatted(table, n)));
        StaffDirectory directory = staffDirectory.getIfAvailable();
        if (directory != null) {
            var staff = DemoLoad.staff(result.branches());
            directory.createAll(staff);
            out.append("Staff sign-ins (password ").append(DemoLoad.STAFF_PASSWORD).append(", TOTP secret):\n");
            staff.forEach(s -> out.append("  %-24s %s  %s%n".formatted(s.username(), s.totpSecret(), s.branches())));
        } else {
            out.append("Staff: no StaffDirectory in this build; staff accounts not created\n");
        }
        out.append("Portal sign-ins (SMS code on the dev inbox); these phones have accounts pre-bound:\n");
        result.examples().forEach(e -> out.append("  %s  %s  accounts %s%n".formatted(e.phone(), e.name(),
                e.accountNumbers())));
        log.info(out.toString());
    }
}
