package io.gridhall.demo;

import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.identity.Role;
import io.gridhall.identity.StaffDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/** Generates and loads the demo utility, logging progress for the launcher; used at demo start-up and by the bench. */
public final class DemoLoad {

    private static final Logger log = LoggerFactory.getLogger(DemoLoad.class);

    /** Every demo staff member signs in with this password and the TOTP secret printed beside them. */
    public static final String STAFF_PASSWORD = "GridHall-demo-2024";

    private final Grid grid;
    private final Customers customers;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public DemoLoad(Grid grid, Customers customers, TransactionTemplate transactions, Clock clock) {
        this.grid = grid;
        this.customers = customers;
        this.transactions = transactions;
        this.clock = clock;
    }

    public DemoGenerator.Result load(long seed, int count, Path roster) {
        return load(seed, count, roster, 0);
    }

    /** @param portalCustomers residential customers beyond the examples that get a pre-bound account */
    public DemoGenerator.Result load(long seed, int count, Path roster, int portalCustomers) {
        long start = clock.millis();
        long[] lastLog = {start, -1};
        DemoGenerator.Result result;
        try (DatabaseSink sink = new DatabaseSink(grid, customers, transactions, roster)) {
            result = new DemoGenerator(seed, count, sink, portalCustomers).generate(done -> {
                long now = clock.millis();
                int percent = (int) (done * 100 / count);
                if (percent != lastLog[1] && (now - lastLog[0] >= 2000 || done == count)) {
                    long rate = done * 1000 / Math.max(1, now - start);
                    log.info("Demo data: {}% ({} of {} customers, {} customers/s)", percent, done, count, rate);
                    lastLog[0] = now;
                    lastLog[1] = percent;
                }
            });
            sink.finish();
        }
        log.info(
                "Demo data: {} customers in {} (seed {}, meter roster {})",
                result.customers(),
                Duration.ofMillis(clock.millis() - start),
                seed,
                roster.toAbsolutePath());
        return result;
    }

    /**
     * Staff in every role for each branch, {@code <role>.<n>}, and one of each utility-wide role (finance, administrator,
     * auditor) for all branches, {@code <role>}: with a fixed password and TOTP secret.
     */
    public static List<StaffDirectory.NewStaff> staff(List<BranchId> branches) {
        List<StaffDirectory.NewStaff> staff = new ArrayList<>();
        for (int b = 0; b < branches.size(); b++) {
            for (Role role : Role.values()) {
                boolean companyWide = role.permissions().contains(Permission.ALL_BRANCHES);
                if (companyWide && b > 0) continue;
                String username =
                        role.name().toLowerCase(Locale.ROOT).replace('_', '-') + (companyWide ? "" : "." + (b + 1));
                staff.add(new StaffDirectory.NewStaff(
                        username,
                        DemoNames.SURNAMES.get((b * 7 + role.ordinal()) % 60) + "工",
                        STAFF_PASSWORD,
                        totpSecret(username),
                        Set.of(role),
                        companyWide ? Set.copyOf(branches) : Set.of(branches.get(b))));
            }
        }
        return staff;
    }

    /** A fixed Base32 secret per user, so the launcher can print codes' seeds and sign-ins stay stable across runs. */
    static String totpSecret(String username) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder s = new StringBuilder();
        long h = username.hashCode() * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < 32; i++) {
            h = h * 6364136223846793005L + 1442695040888963407L;
            s.append(alphabet.charAt((int) ((h >>> 59) & 31)));
        }
        return s.toString();
    }

    public Map<String, Long> counts() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>(grid.counts());
        counts.putAll(customers.counts());
        return counts;
    }
}
