package io.gridhall.billing.internal;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillLineView;
import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillType;
import io.gridhall.billing.BillView;
import io.gridhall.billing.LineExplanation;
import io.gridhall.identity.BranchId;
import io.gridhall.shared.BulkCopy;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bills, their lines and audit findings in schema {@code billing}: inserted once with COPY, never updated but for the
 * status (along {@link BillStatus#next()}) and, on issue, the number and dates. The database refuses anything else.
 */
@Repository
class Bills {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A finding of the automatic audit: a rule code and the numbers that made it fire. */
    record Finding(String code, String detail) {}

    /** A bill about to be inserted; its lines are {@code lines}, already rounded. */
    record NewBill(
            long supplyAccountId,
            String accountNumber,
            BranchId branchId,
            BillType type,
            BillStatus status,
            LocalDate periodFrom,
            LocalDate periodTo,
            Kwh energy,
            Money total,
            boolean estimated,
            String tariffId,
            int tariffVersion,
            LocalDate tierYearStart,
            Kwh tierUsedBefore,
            Kwh tierUsedAfter,
            List<BillLineView> lines,
            List<Finding> findings,
            Long reverses,
            Long supersedes,
            String correctionReason,
            String correctedBy,
            Long correctedById,
            Long runId,
            Integer chunkNo,
            Issue issue) {}

    /** Number and dates of a bill issued as it is inserted (a reversal, a rebill). */
    record Issue(String billNumber, LocalDate issuedOn, LocalDate dueOn) {}

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    Bills(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /** Inserts the bills with their lines and findings in the caller's transaction; returns their ids in order. */
    List<Long> insert(List<NewBill> bills, Instant now) {
        if (bills.isEmpty()) return List.of();
        long[] ids = BulkCopy.allocateIds(jdbc, "billing.bill_id_seq", bills.size());
        record Row(long id, NewBill bill) {}
        record LineRow(long billId, BillLineView line) {}
        record FindingRow(long billId, Finding finding) {}
        List<Row> rows = new ArrayList<>(bills.size());
        List<LineRow> lines = new ArrayList<>(bills.size() * 4);
        List<FindingRow> findings = new ArrayList<>();
        for (int i = 0; i < bills.size(); i++) {
            NewBill b = bills.get(i);
            rows.add(new Row(ids[i], b));
            for (BillLineView l : b.lines()) lines.add(new LineRow(ids[i], l));
            for (Finding f : b.findings()) findings.add(new FindingRow(ids[i], f));
        }
        BulkCopy.copy(
                dataSource,
                "billing.bill",
                "id, supply_account_id, account_number, branch_id, type, status, period_from, period_to, energy,"
                        + " total_fen, estimated, tariff_id, tariff_version, tier_year_start, tier_used_before,"
                        + " tier_used_after, reverses, supersedes, correction_reason, corrected_by, corrected_by_id,"
                        + " run_id, chunk_no, created_at, bill_number, issued_on, due_on",
                rows,
                r -> {
                    NewBill b = r.bill();
                    return new Object[] {
                        r.id(),
                        b.supplyAccountId(),
                        b.accountNumber(),
                        b.branchId().value(),
                        b.type(),
                        b.status(),
                        b.periodFrom(),
                        b.periodTo(),
                        b.energy().value().toPlainString(),
                        b.total().fen(),
                        b.estimated(),
                        b.tariffId(),
                        b.tariffVersion(),
                        b.tierYearStart(),
                        b.tierUsedBefore() == null
                                ? null
                                : b.tierUsedBefore().value().toPlainString(),
                        b.tierUsedAfter() == null
                                ? null
                                : b.tierUsedAfter().value().toPlainString(),
                        b.reverses(),
                        b.supersedes(),
                        b.correctionReason(),
                        b.correctedBy(),
                        b.correctedById(),
                        b.runId(),
                        b.chunkNo(),
                        now,
                        b.issue() == null ? null : b.issue().billNumber(),
                        b.issue() == null ? null : b.issue().issuedOn(),
                        b.issue() == null ? null : b.issue().dueOn()
                    };
                });
        BulkCopy.copy(
                dataSource,
                "billing.bill_line",
                "bill_id, line_no, code, quantity, unit, price, amount_fen, explanation",
                lines,
                r -> new Object[] {
                    r.billId(),
                    r.line().lineNo(),
                    r.line().code(),
                    plain(r.line().quantity()),
                    r.line().unit(),
                    plain(r.line().price()),
                    r.line().amount().fen(),
                    ExplanationJson.write(r.line().explanation())
                });
        BulkCopy.copy(dataSource, "billing.audit_finding", "bill_id, code, detail", findings, r ->
                new Object[] {r.billId(), r.finding().code(), r.finding().detail()});
        List<Long> result = new ArrayList<>(ids.length);
        for (long id : ids) result.add(id);
        return result;
    }

    private static String plain(BigDecimal v) {
        return v == null ? null : v.toPlainString();
    }

    /**
     * Moves bills from one state to another: only along {@link BillStatus#next()}, only bills still in {@code from}.
     *
     * @return the ids that moved
     */
    List<Long> move(Collection<Long> ids, BillStatus from, BillStatus to) {
        if (!from.canMoveTo(to)) throw new IllegalArgumentException("no transition from " + from + " to " + to);
        if (ids.isEmpty()) return List.of();
        return jdbc.sql("update billing.bill set status = :to where id = any(:ids) and status = :from returning id")
                .param("to", to.name())
                .param("from", from.name())
                .param("ids", ids.toArray(Long[]::new))
                .query(Long.class)
                .list();
    }

    /** Moves one bill, or answers 409 {@code bill-state} when it is no longer in {@code from}. */
    void moveOne(long id, BillStatus from, BillStatus to) {
        if (move(List.of(id), from, to).isEmpty()) throw Problem.conflict("bill-state", id, from.name());
    }

    /** Issues a bill that passed the audit: its number and dates, set once. */
    boolean issue(long id, Issue issue) {
        return jdbc.sql("""
                        update billing.bill set status = 'ISSUED', bill_number = :number, issued_on = :issued, due_on = :due
                         where id = :id and status = 'AUDIT_PASSED'""")
                        .param("id", id)
                        .param("number", issue.billNumber())
                        .param("issued", issue.issuedOn())
                        .param("due", issue.dueOn())
                        .update()
                == 1;
    }

    /** The next bill number for an issue day: the month and a 10-digit sequence, for example 2026110001234567. */
    String nextNumber(LocalDate issuedOn) {
        long n = jdbc.sql("select nextval('billing.bill_number_seq')")
                .query(Long.class)
                .single();
        return String.format("%04d%02d%010d", issuedOn.getYear(), issuedOn.getMonthValue(), n);
    }

    private static final String COLUMNS = """
            b.id, b.supply_account_id, b.account_number, b.branch_id, b.type, b.status, b.bill_number, b.period_from,
            b.period_to, b.issued_on, b.due_on, b.energy, b.total_fen, b.estimated, b.tariff_id, b.tariff_version,
            b.reverses, b.supersedes, b.correction_reason, b.corrected_by, b.run_id, b.chunk_no, b.tier_year_start,
            b.tier_used_before, b.tier_used_after""";

    Optional<BillView> find(long id) {
        List<BillView> found = views("b.id = :id", Map.of("id", id), true, 1);
        return found.stream().findFirst();
    }

    /** A bill's facts for correcting or recalculating it (not in the view). */
    record Facts(BillView bill, Long runId, Integer chunkNo, LocalDate tierYearStart, Kwh tierUsedBefore) {}

    Optional<Facts> facts(long id) {
        return find(id).map(view -> jdbc.sql(
                        "select run_id, chunk_no, tier_year_start, tier_used_before from billing.bill where id = ?")
                .param(id)
                .query((rs, n) -> new Facts(
                        view,
                        (Long) rs.getObject("run_id"),
                        (Integer) rs.getObject("chunk_no"),
                        rs.getObject("tier_year_start", LocalDate.class),
                        rs.getBigDecimal("tier_used_before") == null
                                ? null
                                : new Kwh(rs.getBigDecimal("tier_used_before"))))
                .single());
    }

    List<BillView> issuedOf(long supplyAccountId, int limit) {
        return views(
                "b.supply_account_id = :account and b.status in ('ISSUED', 'REVERSED')",
                Map.of("account", supplyAccountId),
                false,
                Math.clamp(limit, 1, 500));
    }

    /** The held bills of the branches (null: all), oldest first, with their findings. */
    List<BillView> held(List<Long> branches, int limit) {
        return views(
                "b.status = 'HELD' and (cast(:branches as bigint[]) is null or b.branch_id = any(:branches))",
                branchParam(branches),
                false,
                limit);
    }

    List<BillView> ofRun(long runId, BillStatus status, int limit) {
        return views(
                "b.run_id = :run and b.status = :status", Map.of("run", runId, "status", status.name()), false, limit);
    }

    private static Map<String, Object> branchParam(List<Long> branches) {
        Map<String, Object> p = new HashMap<>();
        p.put("branches", branches == null ? null : branches.toArray(Long[]::new));
        return p;
    }

    private List<BillView> views(String where, Map<String, ?> params, boolean withLines, int limit) {
        String order = where.startsWith("b.status = 'HELD'") ? "b.id" : "b.period_from desc, b.id desc";
        List<BillView> bills = jdbc.sql("select " + COLUMNS + " from billing.bill b where " + where + " order by "
                        + order + " limit " + limit)
                .params(params)
                .query((rs, n) -> view(rs))
                .list();
        if (bills.isEmpty()) return bills;
        Long[] ids = bills.stream().map(b -> b.id().value()).toArray(Long[]::new);
        Map<Long, List<String>> findings = new HashMap<>();
        jdbc.sql("select bill_id, code from billing.audit_finding where bill_id = any(?) order by bill_id, code")
                .param(ids)
                .query(rs -> {
                    findings.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(rs.getString(2));
                });
        Map<Long, List<BillLineView>> lines = new HashMap<>();
        if (withLines) {
            jdbc.sql("select * from billing.bill_line where bill_id = any(?) order by bill_id, line_no")
                    .param(ids)
                    .query(rs -> {
                        lines.computeIfAbsent(rs.getLong("bill_id"), k -> new ArrayList<>())
                                .add(line(rs));
                    });
        }
        return bills.stream()
                .map(b -> withDetails(
                        b,
                        findings.getOrDefault(b.id().value(), List.of()),
                        lines.getOrDefault(b.id().value(), List.of())))
                .toList();
    }

    /** The lines of bills, by bill id, for reversals (negated) and documents. */
    List<BillLineView> lines(long billId) {
        return jdbc.sql("select * from billing.bill_line where bill_id = ? order by line_no")
                .param(billId)
                .query((rs, n) -> line(rs))
                .list();
    }

    /** The findings with their details. */
    List<Finding> findings(long billId) {
        return jdbc.sql("select code, detail from billing.audit_finding where bill_id = ? order by code")
                .param(billId)
                .query((rs, n) -> new Finding(rs.getString(1), rs.getString(2)))
                .list();
    }

    private static BillLineView line(ResultSet rs) throws SQLException {
        return new BillLineView(
                rs.getInt("line_no"),
                rs.getString("code"),
                rs.getBigDecimal("quantity"),
                rs.getString("unit"),
                rs.getBigDecimal("price"),
                new Money(rs.getLong("amount_fen")),
                JSON.readValue(rs.getString("explanation"), LineExplanation.class));
    }

    private static BillView withDetails(BillView b, List<String> findings, List<BillLineView> lines) {
        return new BillView(
                b.id(),
                b.supplyAccountId(),
                b.accountNumber(),
                b.branchId(),
                b.type(),
                b.status(),
                b.billNumber(),
                b.periodFrom(),
                b.periodTo(),
                b.issuedOn(),
                b.dueOn(),
                b.energy(),
                b.total(),
                b.estimated(),
                b.tariffId(),
                b.tariffVersion(),
                b.reverses(),
                b.correctionReason(),
                b.correctedBy(),
                findings,
                lines);
    }

    private static BillView view(ResultSet rs) throws SQLException {
        long reverses = rs.getLong("reverses");
        BillId reversed = rs.wasNull() ? null : new BillId(reverses);
        return new BillView(
                new BillId(rs.getLong("id")),
                rs.getLong("supply_account_id"),
                rs.getString("account_number"),
                new BranchId(rs.getLong("branch_id")),
                BillType.valueOf(rs.getString("type")),
                BillStatus.valueOf(rs.getString("status")),
                rs.getString("bill_number"),
                rs.getObject("period_from", LocalDate.class),
                rs.getObject("period_to", LocalDate.class),
                rs.getObject("issued_on", LocalDate.class),
                rs.getObject("due_on", LocalDate.class),
                new Kwh(rs.getBigDecimal("energy")),
                new Money(rs.getLong("total_fen")),
                rs.getBoolean("estimated"),
                rs.getString("tariff_id"),
                rs.getInt("tariff_version"),
                reversed,
                rs.getString("correction_reason"),
                rs.getString("corrected_by"),
                List.of(),
                List.of());
    }
}
