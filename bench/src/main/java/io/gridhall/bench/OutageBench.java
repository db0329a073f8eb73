package io.gridhall.bench;

import io.gridhall.GridHallApplication;
import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeType;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.notification.Notifications;
import io.gridhall.outage.OutageView;
import io.gridhall.outage.Outages;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A fault outage on one 10 kV line with N customers below it (issue 11): the time to match the line to its
 * accounts, keep them, find their portal users and queue the notice for every one of them through the real
 * {@link Outages#openFault} (one transaction: versions, audit, COPY of the affected accounts, the bulk outbox),
 * against the raw ceiling: the same message and delivery rows COPYed on a plain connection into empty copies of
 * the outbox tables (same indexes). Set-up (topology, accounts, portal bindings, contacts) is plain SQL with
 * generate_series: it is not measured. Usage: {@code OutageBench [customers=1000000] [areas=2000]}.
 */
public final class OutageBench {

    private OutageBench() {}

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int areas = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path work = Files.createTempDirectory("gridhall-bench");
        SpringApplication app = new SpringApplication(GridHallApplication.class);
        app.setWebApplicationType(WebApplicationType.SERVLET);
        app.setDefaultProperties(Map.of("logging.level.root", "warn"));
        try (ConfigurableApplicationContext context = app.run(
                "--gridhall.db.embedded-dir=",
                "--gridhall.crypto.key-dir=" + work.resolve("keys"),
                "--gridhall.headend.port=0",
                "--gridhall.headend.polling=false",
                // the queued notices stay queued: the dispatcher's sending is not what is measured
                "--gridhall.notification.dispatch.enabled=false",
                // an SMS provider as production has one (never called: the dispatcher is off), so SMS is queued
                "--gridhall.sms.aliyun.access-key-id=bench",
                "--gridhall.sms.aliyun.access-key-secret=bench",
                "--gridhall.sms.aliyun.sign-name=GridHall",
                "--gridhall.sms.aliyun.templates[outage.fault]=SMS_000000001",
                "--logging.level.io.gridhall.notification=info",
                "--logging.level.io.gridhall.outage=info",
                "--server.port=0")) {
            Grid grid = context.getBean(Grid.class);
            Outages outages = context.getBean(Outages.class);
            Notifications notifications = context.getBean(Notifications.class);
            var hikari = (com.zaxxer.hikari.HikariDataSource) context.getBean(DataSource.class);

            long t0 = System.nanoTime();
            BranchId branch = new BranchId(grid.allocateIds(NodeType.BRANCH, 1)[0]);
            long substation = grid.allocateIds(NodeType.SUBSTATION, 1)[0];
            long line = grid.allocateIds(NodeType.LINE, 1)[0];
            BigDecimal lat = new BigDecimal("30.000000");
            BigDecimal lon = new BigDecimal("120.000000");
            grid.importRows(new Grid.ImportBatch(
                    List.of(new Grid.BranchRow(branch, "BENCH", "压测供电所", "压测县", lat, lon)),
                    List.of(new Grid.SubstationRow(substation, branch, "BENCH-S", "压测变", 110, lat, lon)),
                    List.of(new Grid.LineRow(line, branch, substation, "BENCH-L", "10kV压测线")),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of()));
            // one user to seal a phone for; every bench user shares the sealed value (the vault is not measured here)
            notifications.updateContacts(1L, "13900000000", null, null);
            try (Connection c = hikari.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("set synchronous_commit = off");
                s.execute("""
                        insert into grid.transformer_area (id, branch_id, substation_id, line_id, code, name, capacity_kva,
                            ownership, lat, lon)
                        select 1000000000 + a, %1$d, %2$d, %3$d, 'BA' || a, '压测' || a || '号台区', 400, 'PUBLIC',
                               30 + (a %% 100) / 1000.0, 120 + (a / 100) / 1000.0
                        from generate_series(1, %4$d) a""".formatted(branch.value(), substation, line, areas));
                s.execute("""
                        insert into grid.meter_box (id, branch_id, substation_id, line_id, area_id, code, lat, lon)
                        select 1000000000 + a, %1$d, %2$d, %3$d, 1000000000 + a, 'BX' || a, 30, 120
                        from generate_series(1, %4$d) a""".formatted(branch.value(), substation, line, areas));
                s.execute("""
                        insert into grid.meter (id, branch_id, substation_id, line_id, area_id, box_id, asset_number,
                            comm_address, fee_control, phase, manufacturer, model, installed_on)
                        select 1000000000 + i, %1$d, %2$d, %3$d, 1000000001 + i %% %4$d, 1000000001 + i %% %4$d,
                               'BM' || i, lpad((900000000000 + i)::text, 12, '0'), 'REMOTE', 'SINGLE', '正泰', 'DDZY666',
                               date '2022-01-01'
                        from generate_series(1, %5$d) i""".formatted(branch.value(), substation, line, areas, customers));
                s.execute("""
                        insert into customer.customer (id, branch_id, customer_class, kind, name)
                        select 1000000000 + i, %1$d, 'RESIDENTIAL', 'PERSON', '压测' || i
                        from generate_series(1, %2$d) i""".formatted(branch.value(), customers));
                s.execute("""
                        insert into customer.supply_account (id, account_number, customer_id, account_name, address, branch_id,
                            tariff_category, opened_on)
                        select 1000000000 + i, lpad((8000000000 + i)::text, 10, '0'), 1000000000 + i, '压测' || i,
                               '压测县' || i || '号', %1$d, 'RESIDENTIAL_TIERED', date '2020-01-01'
                        from generate_series(1, %2$d) i""".formatted(branch.value(), customers));
                s.execute("""
                        insert into grid.metering_point (meter_id, supply_account_id)
                        select 1000000000 + i, 1000000000 + i from generate_series(1, %d) i""".formatted(customers));
                s.execute("""
                        insert into customer.portal_binding (user_id, supply_account_id, bound_at)
                        select 5000000000 + i, 1000000000 + i, now() from generate_series(1, %d) i""".formatted(customers));
                s.execute("""
                        insert into notification.contact (user_id, phone_enc, updated_at)
                        select 5000000000 + i, (select phone_enc from notification.contact where user_id = 1), now()
                        from generate_series(1, %d) i""".formatted(customers));
                s.execute("analyze");
            }
            long setupMs = (System.nanoTime() - t0) / 1_000_000;

            Actor dispatcher = new Actor(
                    new UserId(42), Actor.Kind.STAFF, "压测调度员", Set.of(Role.REPAIR_DISPATCHER), Set.of(branch));
            OffsetDateTime start = OffsetDateTime.now().minusMinutes(5);
            long o0 = System.nanoTime();
            OutageView fault = outages.openFault(
                    dispatcher, new Outages.Details(List.of(NodeRef.line(line)), "线路故障跳闸", start, start.plusHours(4)));
            long oursNs = System.nanoTime() - o0;

            long messages;
            long deliveries;
            String keyPrefix = "outage:" + fault.id().value() + ":v1:";
            try (Connection c = hikari.getConnection();
                    Statement s = c.createStatement()) {
                messages = count(
                        s,
                        "select count(*) from notification.message where starts_with(idempotency_key, '" + keyPrefix
                                + "')");
                deliveries = count(s, """
                        select count(*) from notification.delivery d join notification.message m on m.id = d.message_id
                        where starts_with(m.idempotency_key, '%s')""".formatted(keyPrefix));
            }

            // the raw ceiling: the same rows, COPYed into empty tables shaped like the outbox's
            long rawNs;
            try (Connection c = java.sql.DriverManager.getConnection(
                            hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
                    Statement s = c.createStatement()) {
                s.execute("drop schema if exists bench_outbox cascade");
                s.execute("create schema bench_outbox");
                s.execute("create table bench_outbox.message (like notification.message including all)");
                s.execute("create table bench_outbox.delivery (like notification.delivery including all)");
                String body;
                String subject;
                byte[] sms;
                try (ResultSet rs = s.executeQuery("""
                        select d.body, d.subject, d.address_enc from notification.delivery d
                        join notification.message m on m.id = d.message_id
                        where starts_with(m.idempotency_key, '%s') and d.channel = 'SMS' limit 1""".formatted(keyPrefix))) {
                    if (!rs.next())
                        throw new IllegalStateException("no SMS delivery was queued: is an SMS provider set?");
                    body = rs.getString(1);
                    subject = rs.getString(2);
                    sms = rs.getBytes(3);
                }
                String smsHex = "\\\\x" + HexFormat.of().formatHex(sms);
                c.setAutoCommit(false);
                var copy = c.unwrap(PGConnection.class).getCopyAPI();
                long r0 = System.nanoTime();
                int chunk = 50_000;
                for (int from = 1; from <= customers; from += chunk) {
                    int to = Math.min(customers, from + chunk - 1);
                    StringBuilder m = new StringBuilder();
                    StringBuilder d = new StringBuilder();
                    for (int i = from; i <= to; i++) {
                        long user = 5_000_000_000L + i;
                        m.append(i)
                                .append('\t')
                                .append("raw:")
                                .append(user)
                                .append('\t')
                                .append(user)
                                .append("\toutage.fault\tOUTAGE\tzh-CN\t2026-12-06 00:00:00+00\n");
                        d.append(i)
                                .append("\tSMS\t")
                                .append(smsHex)
                                .append('\t')
                                .append(user)
                                .append('\t')
                                .append(subject)
                                .append('\t')
                                .append(body)
                                .append("\tPENDING\t2026-12-06 00:00:00+00\t2026-12-06 00:00:00+00\n");
                        d.append(i)
                                .append("\tIN_APP\t")
                                .append(smsHex)
                                .append('\t')
                                .append(user)
                                .append('\t')
                                .append(subject)
                                .append('\t')
                                .append(body)
                                .append("\tPENDING\t2026-12-06 00:00:00+00\t2026-12-06 00:00:00+00\n");
                    }
                    copy.copyIn(
                            "copy bench_outbox.message (id, idempotency_key, user_id, template, category, locale,"
                                    + " created_at) from stdin",
                            new StringReader(m.toString()));
                    copy.copyIn(
                            "copy bench_outbox.delivery (message_id, channel, address_enc, user_id, subject, body,"
                                    + " status, next_attempt_at, created_at) from stdin",
                            new StringReader(d.toString()));
                }
                c.commit();
                rawNs = System.nanoTime() - r0;
            }

            StringBuilder out = new StringBuilder();
            out.append("GridHall outage bench: %,d customers below one 10 kV line in %,d areas, %s%n"
                    .formatted(customers, areas, Runtime.version()));
            out.append("set-up (plain SQL, not measured): %,d ms%n%n".formatted(setupMs));
            out.append("| path | accounts matched | messages | deliveries | ms | messages/s |%n".formatted());
            out.append("|---|---|---|---|---|---|%n".formatted());
            out.append(
                    "| ours: Outages.openFault (match, keep, users, bulk outbox, version, audit) | %,d | %,d | %,d | %,d | %,d |%n"
                            .formatted(
                                    fault.affectedAccounts(),
                                    messages,
                                    deliveries,
                                    oursNs / 1_000_000,
                                    messages * 1_000_000_000L / Math.max(1, oursNs)));
            out.append("| raw: COPY of the same message and delivery rows | - | %,d | %,d | %,d | %,d |%n"
                    .formatted(
                            customers,
                            customers * 2L,
                            rawNs / 1_000_000,
                            customers * 1_000_000_000L / Math.max(1, rawNs)));
            System.out.println();
            System.out.println(out);
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
