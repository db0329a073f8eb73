package io.gridhall.demo;

import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.identity.StaffDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
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
    private final StaffDirectory staffDirectory;
    private final Clock clock;
    private final Environment environment;
    private final int count;
    private final long seed;
    private final Path roster;
    private final Path signIns;
    private final int portalCustomers;
    private final Path portalPhones;
    private final Path baseLayer;
    private final DemoOutages outages;
    private final DemoRepairs repairs;
    private final DemoWithholding withholding;

    DemoStartup(
            Grid grid,
            Customers customers,
            TransactionTemplate transactions,
            StaffDirectory staffDirectory,
            Clock clock,
            Environment environment,
            DemoOutages outages,
            DemoRepairs repairs,
            DemoWithholding withholding,
            @Value("${gridhall.demo.customers:5000}") int count,
            @Value("${gridhall.demo.seed:42}") long seed,
            @Value("${gridhall.demo.roster:${GRIDHALL_DATA:./data}/meters.csv}") String roster,
            @Value("${gridhall.demo.sign-ins:${GRIDHALL_DATA:./data}/demo-sign-ins.txt}") String signIns,
            @Value("${gridhall.demo.portal-customers:0}") int portalCustomers,
            @Value("${gridhall.demo.portal-phones:${GRIDHALL_DATA:./data}/portal-phones.txt}") String portalPhones,
            @Value("${gridhall.map.base-layer:${GRIDHALL_DATA:./data}/basemap.geojson}") String baseLayer) {
        this.baseLayer = Path.of(baseLayer);
        this.outages = outages;
        this.repairs = repairs;
        this.withholding = withholding;
        this.grid = grid;
        this.customers = customers;
        this.transactions = transactions;
        this.staffDirectory = staffDirectory;
        this.clock = clock;
        this.environment = environment;
        this.count = count;
        this.seed = seed;
        this.roster = Path.of(roster);
        this.signIns = Path.of(signIns);
        this.portalCustomers = portalCustomers;
        this.portalPhones = Path.of(portalPhones);
    }

    /** Generates the demo utility into an empty database and keeps its sign-ins for every later start. */
    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (customers.countCustomers() > 0) {
            log.info("Demo data: the database already has customers; not generating");
            if (!Files.exists(baseLayer)) writeBaseLayer();
            return;
        }
        DemoLoad load = new DemoLoad(grid, customers, transactions, clock);
        DemoGenerator.Result result = load.load(seed, count, roster, portalCustomers);
        StringBuilder out = new StringBuilder();
        load.counts().forEach((table, n) -> out.append("  %-28s %,12d%n".formatted(table, n)));
        var staff = DemoLoad.staff(result.branches());
        var staffIds = staffDirectory.createAll(staff);
        seedOutages(result, staff, staffIds);
        if (!result.branches().isEmpty()) {
            try {
                withholding.seed(result.branches().getFirst(), result.examples());
            } catch (RuntimeException e) {
                log.warn("Demo withholding agreements not made: {}", e.getMessage());
            }
        }
        out.append("Staff sign-ins: password ")
                .append(DemoLoad.STAFF_PASSWORD)
                .append(", then the TOTP code (dev inbox page, or an authenticator app with the secret)\n");
        staff.forEach(s -> out.append("  %-24s branches %-8s secret %s%n"
                .formatted(
                        s.username(),
                        s.branches().stream()
                                .map(b -> String.valueOf(b.value()))
                                .sorted()
                                .toList(),
                        s.totpSecret())));
        out.append("Portal sign-ins (the SMS code appears on the dev inbox page); accounts pre-bound:\n");
        result.examples()
                .forEach(e -> out.append("  %s  %s  accounts %s%n".formatted(e.phone(), e.name(), e.accountNumbers())));
        writeBaseLayer();
        Files.createDirectories(signIns.toAbsolutePath().getParent());
        Files.writeString(signIns, out.toString());
        if (!result.portalPhones().isEmpty()) {
            // one phone a line: customers with a pre-bound account, for load tests that sign many of them in
            Files.createDirectories(portalPhones.toAbsolutePath().getParent());
            Files.write(portalPhones, result.portalPhones());
        }
    }

    /**
     * The repair crews and jobs, then the first branch's outages, made by the branches' demo dispatchers and approved
     * by the first branch's manager: the repair in progress is the first report of the fault the outage then names.
     * A failure is only logged.
     */
    private void seedOutages(
            DemoGenerator.Result result,
            java.util.List<io.gridhall.identity.StaffDirectory.NewStaff> staff,
            java.util.List<io.gridhall.identity.UserId> ids) {
        if (result.branches().isEmpty() || ids.size() != staff.size()) return;
        java.util.Map<String, io.gridhall.identity.UserId> byName = new java.util.HashMap<>();
        for (int i = 0; i < staff.size(); i++) byName.put(staff.get(i).username(), ids.get(i));
        var dispatcher = byName.get("repair-dispatcher.1");
        var manager = byName.get("branch-manager.1");
        var crew = byName.get("repair-crew.1");
        if (dispatcher == null || manager == null) return;
        if (crew != null) {
            java.util.List<io.gridhall.identity.UserId> dispatchers = new java.util.ArrayList<>();
            for (int b = 1; b <= result.branches().size(); b++) dispatchers.add(byName.get("repair-dispatcher." + b));
            try {
                repairs.seed(
                        result.branches(),
                        dispatchers,
                        crew,
                        outages.faultAccount(
                                result.examples(), result.branches().getFirst()));
            } catch (RuntimeException e) {
                log.warn("Demo repairs not made: {}", e.getMessage());
            }
        }
        try {
            outages.seed(result.examples(), result.branches().getFirst(), dispatcher, manager);
        } catch (RuntimeException e) {
            log.warn("Demo outages not made: {}", e.getMessage());
        }
    }

    /** The county's roads and place names beside the generated grid, for maps without a tile server. */
    private void writeBaseLayer() throws IOException {
        int features = DemoBaseMap.write(grid, seed, baseLayer);
        log.info("Demo base map: {} roads and places in {}", features, baseLayer.toAbsolutePath());
    }

    /**
     * Once the server answers and the other demo work done at readiness (metering history) is over: where to go and
     * how to sign in, on every start.
     */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE)
    void ready() throws IOException {
        String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
        String kept = Files.exists(signIns) ? Files.readString(signIns) : "  (no sign-ins file: start with --reset)\n";
        log.info("""

                ==== GridHall demo utility is ready ====
                  customer portal   {}/
                  staff console     {}/console/
                  dev inbox         {}/console/#/dev-inbox   (SMS codes, e-mails, demo TOTP codes)
                  API description   {}/v3/api-docs
                Demo sign-ins: {} (also printed below)
                Ctrl-C stops the server and the database.""", base, base, base, base, signIns.toAbsolutePath());
        // The sign-in sheet (phones, the staff password) is the demo's screen, not a log line: logs never
        // carry a full phone number or a password, not even the demo's made-up ones (#7).
        System.out.print(kept);
        System.out.flush();
    }
}
