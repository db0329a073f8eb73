package io.gridhall.outage.internal;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeLabel;
import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeView;
import io.gridhall.grid.ServiceArea;
import io.gridhall.grid.SupplyPath;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.identity.PersonalDataVault;
import io.gridhall.outage.ArrearsDisconnections;
import io.gridhall.outage.CrewSkill;
import io.gridhall.outage.OutageStatus;
import io.gridhall.outage.OutageView;
import io.gridhall.outage.Outages;
import io.gridhall.outage.RepairStatus;
import io.gridhall.outage.Repairs;
import io.gridhall.outage.ServiceCommitment;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Problem;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Repair (OUT-3..OUT-6, ADR 0017). A report is matched first against the known outages (then it is only linked to
 * the outage: no job, no crew), then merged into an open job of the same transformer area reported within the
 * window ({@code gridhall.outage.repair.merge-window}), else it opens a job whose arrival deadline is the service
 * commitment of the branch's kind of place. Every move of a job locks its row, is checked against
 * {@link RepairStatus#canMoveTo} (and again by a database trigger), appends a step, and tells every reporter.
 */
@Service
@Transactional
class RepairDesk implements Repairs {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    static final String CALLER_PHONE = "outage.caller_phone";
    static final String TEAM_CONTACT = "outage.team_contact";
    static final String CREW_PHONE = "outage.crew_phone";
    static final Pattern PHONE = Pattern.compile("1\\d{10}|0\\d{2,3}-?\\d{7,8}");
    /** A point on the map counts if a transformer area is this close. */
    static final long NEAREST_AREA_METRES = 3_000;
    /** A map report is a known outage when this many of the area's accounts (all if fewer) are in it. */
    static final int AREA_SAMPLE = 200;

    private static final Set<RepairStatus> TOLD = EnumSet.of(
            RepairStatus.DISPATCHED,
            RepairStatus.DEPARTED,
            RepairStatus.ARRIVED,
            RepairStatus.REPAIRED,
            RepairStatus.REFERRED,
            RepairStatus.CANCELLED);

    private final JdbcClient jdbc;
    private final Grid grid;
    private final Customers customers;
    private final Outages outages;
    private final RepairTelling telling;
    private final PersonalDataVault vault;
    private final Audit audit;
    private final ObjectProvider<ArrearsDisconnections> arrears;
    private final Clock clock;
    private final Duration mergeWindow;

    RepairDesk(
            JdbcClient jdbc,
            Grid grid,
            Customers customers,
            Outages outages,
            RepairTelling telling,
            PersonalDataVault vault,
            Audit audit,
            ObjectProvider<ArrearsDisconnections> arrears,
            Clock clock,
            @Value("${gridhall.outage.repair.merge-window:PT2H}") Duration mergeWindow) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.customers = customers;
        this.outages = outages;
        this.telling = telling;
        this.vault = vault;
        this.audit = audit;
        this.arrears = arrears;
        this.clock = clock;
        this.mergeWindow = mergeWindow;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    String local(OffsetDateTime t) {
        return t == null ? "-" : TIME.format(t.atZoneSameInstant(clock.getZone()));
    }

    // ---------------------------------------------------------------- reports

    /** Where a report is: its branch, area (and box) and a point. */
    private record Place(
            BranchId branch, Long accountId, long areaId, Long boxId, String name, BigDecimal lat, BigDecimal lon) {}

    private Place place(Actor actor, Report r) {
        if (r.supplyAccountId() != null) {
            SupplyAccountView account;
            if (actor.isCustomer()) {
                account = customers.portalAccounts(actor.userId()).stream()
                        .filter(a -> a.id() == r.supplyAccountId())
                        .findFirst()
                        .orElseThrow(() -> Problem.notFound("supply-account"));
            } else {
                account = customers
                        .account(r.supplyAccountId())
                        .filter(a -> actor.sees(a.branchId()))
                        .orElseThrow(() -> Problem.notFound("supply-account"));
            }
            SupplyPath path =
                    grid.supplyPath(account.id()).orElseThrow(() -> Problem.conflict("repair-no-supply-path"));
            NodeView area = grid.node(NodeRef.area(path.area().id())).orElseThrow();
            return new Place(
                    path.branchId(),
                    account.id(),
                    path.area().id(),
                    path.box() == null ? null : path.box().id(),
                    path.area().name(),
                    r.lat() != null ? r.lat() : area.lat(),
                    r.lon() != null ? r.lon() : area.lon());
        }
        if (r.lat() == null || r.lon() == null) throw Problem.badRequest("repair-place-missing");
        if (r.lat().abs().compareTo(BigDecimal.valueOf(90)) > 0 || r.lon().abs().compareTo(BigDecimal.valueOf(180)) > 0)
            throw Problem.badRequest("repair-place-missing");
        // staff get their own branches' nearest area first (a clerk of one branch clicking near the border of another)
        Set<BranchId> preferred = actor.isStaff() && actor.branchScope() != null ? actor.branches() : Set.of();
        NodeLabel area = grid.nearestArea(r.lat(), r.lon(), NEAREST_AREA_METRES, preferred)
                .orElseThrow(() -> Problem.badRequest("repair-place-unserved"));
        if (actor.isStaff() && !actor.sees(area.branchId())) throw Problem.badRequest("repair-place-unserved");
        return new Place(area.branchId(), null, area.ref().id(), null, area.name(), r.lat(), r.lon());
    }

    /** A published outage that has started and covers the place, if any. */
    private Optional<OutageView> knownOutage(Place p, OffsetDateTime now) {
        List<Long> accounts;
        if (p.accountId() != null) accounts = List.of(p.accountId());
        else
            accounts = grid.downstreamAccounts(NodeRef.area(p.areaId()), 0, AREA_SAMPLE)
                    .accountIds();
        if (accounts.isEmpty()) return Optional.empty();
        Map<Long, List<OutageView>> found = outages.ofAccounts(accounts, 0);
        Map<Long, Integer> covering = new HashMap<>();
        Map<Long, OutageView> byId = new HashMap<>();
        for (List<OutageView> list : found.values())
            for (OutageView o : list) {
                if (o.status() != OutageStatus.PUBLISHED || o.startsAt().isAfter(now)) continue;
                covering.merge(o.id().value(), 1, Integer::sum);
                byId.put(o.id().value(), o);
            }
        return covering.entrySet().stream()
                .filter(e -> e.getValue() == accounts.size())
                .map(e -> byId.get(e.getKey()))
                .findFirst();
    }

    @Override
    public Receipt report(Actor actor, Report r) {
        if (actor.isStaff()) {
            if (!actor.has(Permission.REPAIR_DISPATCH) && !actor.has(Permission.SERVICE_DESK))
                throw Problem.forbidden("permission-required", Permission.REPAIR_DISPATCH.name());
        } else if (r.callerPhone() != null) throw Problem.badRequest("repair-caller-phone-staff-only");
        else if (r.skill() != null) throw Problem.badRequest("repair-skill-staff-only");
        if (r.description() == null || r.description().isBlank())
            throw Problem.badRequest("repair-description-missing");
        if (r.description().strip().length() > 500) throw Problem.badRequest("repair-description-too-long", 500);
        OffsetDateTime now = now();
        if (r.occurredAt() == null
                || r.occurredAt().isAfter(now.plusMinutes(5))
                || r.occurredAt().isBefore(now.minusDays(7))) throw Problem.badRequest("repair-occurred-at");
        if (r.photos().size() > MAX_PHOTOS) throw Problem.badRequest("repair-photos-too-many", MAX_PHOTOS);
        List<RepairPhotos.Clean> photos =
                r.photos().stream().map(RepairPhotos::clean).toList();
        String phone = r.callerPhone() == null || r.callerPhone().isBlank()
                ? null
                : r.callerPhone().strip();
        if (phone != null && !PHONE.matcher(phone).matches()) throw Problem.badRequest("repair-caller-phone");
        Place p = place(actor, r);

        Optional<OutageView> known = knownOutage(p, now);
        Long jobId = null;
        Outcome outcome;
        if (known.isPresent()) {
            outcome = Outcome.KNOWN_OUTAGE;
        } else {
            jobId = jdbc.sql("""
                            select id from outage.repair_job
                            where area_id = :area and first_reported_at >= :since
                              and status not in ('REPAIRED', 'REFERRED', 'CANCELLED')
                            order by first_reported_at desc limit 1
                            for update""")
                    .param("area", p.areaId())
                    .param("since", now.minus(mergeWindow))
                    .query(Long.class)
                    .optional()
                    .orElse(null);
            if (jobId != null) {
                outcome = Outcome.MERGED;
                jdbc.sql("update outage.repair_job set reports = reports + 1 where id = ?")
                        .param(jobId)
                        .update();
            } else {
                outcome = Outcome.NEW_JOB;
                jobId = openJob(actor, p, r.skill() == null ? CrewSkill.LOW_VOLTAGE : r.skill(), now);
            }
        }
        long reportId = jdbc.sql("""
                        insert into outage.repair_report (branch_id, job_id, outage_id, supply_account_id, area_id,
                            lat, lon, channel, reporter_user_id, taken_by, caller_phone, description, occurred_at,
                            reported_at)
                        values (:branch, :job, :outage, :account, :area, :lat, :lon, :channel, :reporter, :takenBy,
                            :phone, :description, :occurredAt, :now)
                        returning id""")
                .param("branch", p.branch().value())
                .param("job", jobId)
                .param("outage", known.map(o -> o.id().value()).orElse(null))
                .param("account", p.accountId())
                .param("area", p.areaId())
                .param("lat", r.lat() != null ? r.lat() : p.lat())
                .param("lon", r.lon() != null ? r.lon() : p.lon())
                .param("channel", actor.isCustomer() ? "PORTAL" : "STAFF")
                .param("reporter", actor.isCustomer() ? actor.userId().value() : null)
                .param("takenBy", actor.isStaff() ? actor.userId().value() : null)
                .param("phone", phone == null ? null : vault.encrypt(phone, CALLER_PHONE))
                .param("description", r.description().strip())
                .param("occurredAt", r.occurredAt())
                .param("now", now)
                .query(Long.class)
                .single();
        for (RepairPhotos.Clean photo : photos) {
            jdbc.sql("insert into outage.repair_photo (report_id, content_type, size, bytes) values (?, ?, ?, ?)")
                    .params(reportId, photo.contentType(), photo.bytes().length, photo.bytes())
                    .update();
        }
        Recipient who =
                new Recipient(reportId, actor.isCustomer() ? actor.userId().value() : null, phone);
        RepairJobView job = jobId == null ? null : loadJob(jobId, false).orElseThrow();
        switch (outcome) {
            case KNOWN_OUTAGE -> telling.knownOutage(who, p.name(), known.get());
            case MERGED -> telling.tell(who, "repair.merged", job, Map.of());
            case NEW_JOB -> telling.tell(who, "repair.received", job, Map.of());
        }
        if (actor.isStaff()) {
            audit.record(
                    actor,
                    "repair.report",
                    "repair_report",
                    String.valueOf(reportId),
                    Map.of(
                            "outcome",
                            outcome.name(),
                            "job",
                            jobId == null ? "-" : jobId.toString(),
                            "skill",
                            job == null ? "-" : job.skill().name()));
        }
        return new Receipt(reportId, outcome, job, known.orElse(null));
    }

    private long openJob(Actor actor, Place p, CrewSkill skill, OffsetDateTime now) {
        ServiceArea area = grid.serviceArea(p.branch()).orElse(ServiceArea.CITY);
        long id = jdbc.sql("""
                        insert into outage.repair_job (branch_id, status, skill, area_id, box_id, place, lat, lon,
                            service_area, first_reported_at, arrive_by)
                        values (:branch, 'OPEN', :skill, :area, :box, :place, :lat, :lon, :serviceArea, :now, :by)
                        returning id""")
                .param("branch", p.branch().value())
                .param("skill", skill.name())
                .param("area", p.areaId())
                .param("box", p.boxId())
                .param("place", p.name())
                .param("lat", p.lat())
                .param("lon", p.lon())
                .param("serviceArea", area.name())
                .param("now", now)
                .param("by", now.plus(ServiceCommitment.arrivalWithin(area)))
                .query(Long.class)
                .single();
        step(id, RepairStatus.OPEN, null, null, null, null, null, actor.userId().value(), now);
        return id;
    }

    private void step(
            long job,
            RepairStatus status,
            Long crew,
            Long team,
            String note,
            BigDecimal lat,
            BigDecimal lon,
            long by,
            OffsetDateTime at) {
        jdbc.sql("""
                        insert into outage.repair_step (job_id, seq, status, crew_id, team_id, note, lat, lon,
                            recorded_by, recorded_at)
                        select :job, coalesce(max(seq), 0) + 1, :status, :crew, :team, :note, :lat, :lon, :by, :at
                        from outage.repair_step where job_id = :job""")
                .param("job", job)
                .param("status", status.name())
                .param("crew", crew)
                .param("team", team)
                .param("note", note)
                .param("lat", lat)
                .param("lon", lon)
                .param("by", by)
                .param("at", at)
                .update();
    }

    /** Who to tell about a report: its portal user, or the caller's phone. */
    record Recipient(long reportId, Long userId, String phone) {}

    private List<Recipient> recipients(long jobId) {
        return jdbc.sql(
                        "select id, reporter_user_id, caller_phone from outage.repair_report where job_id = ? order by id")
                .param(jobId)
                .query((rs, n) -> new Recipient(
                        rs.getLong("id"),
                        (Long) rs.getObject("reporter_user_id"),
                        rs.getBytes("caller_phone") == null
                                ? null
                                : vault.decrypt(rs.getBytes("caller_phone"), CALLER_PHONE)))
                .list();
    }

    private void tellAll(RepairJobView job, RepairStatus status, Map<String, String> extra) {
        if (!TOLD.contains(status)) return;
        String template = "repair." + status.name().toLowerCase(java.util.Locale.ROOT);
        for (Recipient who : recipients(job.id())) telling.tell(who, template, job, extra);
    }

    // ---------------------------------------------------------------- reading

    private static final String JOB_COLUMNS = """
            select j.*, c.name as crew_name, t.name as team_name,
                   (j.arrived_at > j.arrive_by
                    or (j.arrived_at is null and j.status not in ('REFERRED', 'CANCELLED') and :now > j.arrive_by))
                       as breached
            from outage.repair_job j
            left join outage.crew c on c.id = j.crew_id
            left join outage.third_party_team t on t.id = j.team_id
            """;

    private RepairJobView jobRow(ResultSet rs) throws SQLException {
        return new RepairJobView(
                rs.getLong("id"),
                new BranchId(rs.getLong("branch_id")),
                RepairStatus.valueOf(rs.getString("status")),
                CrewSkill.valueOf(rs.getString("skill")),
                (Long) rs.getObject("area_id"),
                rs.getString("place"),
                rs.getBigDecimal("lat"),
                rs.getBigDecimal("lon"),
                ServiceArea.valueOf(rs.getString("service_area")),
                rs.getObject("first_reported_at", OffsetDateTime.class),
                rs.getObject("arrive_by", OffsetDateTime.class),
                (Long) rs.getObject("crew_id"),
                rs.getString("crew_name"),
                (Long) rs.getObject("team_id"),
                rs.getString("team_name"),
                rs.getObject("dispatched_at", OffsetDateTime.class),
                rs.getObject("arrived_at", OffsetDateTime.class),
                rs.getObject("closed_at", OffsetDateTime.class),
                rs.getInt("reports"),
                rs.getBoolean("breached"),
                List.of(),
                List.of());
    }

    private Optional<RepairJobView> loadJob(long id, boolean details) {
        Optional<RepairJobView> job = jdbc.sql(JOB_COLUMNS + " where j.id = :id")
                .param("id", id)
                .param("now", now())
                .query((rs, n) -> jobRow(rs))
                .optional();
        if (!details || job.isEmpty()) return job;
        RepairJobView j = job.get();
        return Optional.of(withDetails(j, steps(id), reports("job_id = :v", id, true)));
    }

    private static RepairJobView withDetails(RepairJobView j, List<Step> steps, List<ReportView> reports) {
        return new RepairJobView(
                j.id(),
                j.branchId(),
                j.status(),
                j.skill(),
                j.areaId(),
                j.place(),
                j.lat(),
                j.lon(),
                j.serviceArea(),
                j.firstReportedAt(),
                j.arriveBy(),
                j.crewId(),
                j.crewName(),
                j.teamId(),
                j.teamName(),
                j.dispatchedAt(),
                j.arrivedAt(),
                j.closedAt(),
                j.reports(),
                j.breached(),
                steps,
                reports);
    }

    private List<Step> steps(long jobId) {
        return jdbc.sql("""
                        select s.*, c.name as crew_name, t.name as team_name from outage.repair_step s
                        left join outage.crew c on c.id = s.crew_id
                        left join outage.third_party_team t on t.id = s.team_id
                        where s.job_id = ? order by s.seq""")
                .param(jobId)
                .query((rs, n) -> new Step(
                        rs.getInt("seq"),
                        RepairStatus.valueOf(rs.getString("status")),
                        rs.getString("crew_name"),
                        rs.getString("team_name"),
                        rs.getString("note"),
                        rs.getBigDecimal("lat"),
                        rs.getBigDecimal("lon"),
                        rs.getObject("recorded_at", OffsetDateTime.class)))
                .list();
    }

    private List<ReportView> reports(String where, long value, boolean staff) {
        List<ReportView> list = jdbc.sql(
                        "select r.*, array(select p.id from outage.repair_photo p where p.report_id = r.id"
                                + " order by p.id) as photos from outage.repair_report r where r." + where
                                + " order by r.id")
                .param("v", value)
                .query((rs, n) -> new ReportView(
                        rs.getLong("id"),
                        (Long) rs.getObject("job_id"),
                        (Long) rs.getObject("outage_id"),
                        (Long) rs.getObject("supply_account_id"),
                        rs.getString("channel"),
                        rs.getString("description"),
                        rs.getObject("occurred_at", OffsetDateTime.class),
                        rs.getObject("reported_at", OffsetDateTime.class),
                        staff && rs.getBytes("caller_phone") != null
                                ? PersonalData.maskPhone(vault.decrypt(rs.getBytes("caller_phone"), CALLER_PHONE))
                                : null,
                        longs(rs.getArray("photos"))))
                .list();
        return list;
    }

    private static List<Long> longs(Array array) throws SQLException {
        if (array == null) return List.of();
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(v -> ((Number) v).longValue()).toList();
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) return List.of();
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<MyRepair> myRepairs(Actor customer) {
        if (!customer.isCustomer()) throw Problem.forbidden("portal-customers-only");
        List<ReportView> mine =
                reports("reporter_user_id = :v", customer.userId().value(), false);
        List<MyRepair> out = new ArrayList<>();
        Map<Long, OutageView> outagesById = new HashMap<>();
        for (ReportView r : mine) {
            if (r.outageId() != null && r.supplyAccountId() != null)
                outages.ofAccounts(List.of(r.supplyAccountId()), 30).values().stream()
                        .flatMap(List::stream)
                        .forEach(o -> outagesById.put(o.id().value(), o));
        }
        for (int i = mine.size() - 1; i >= 0; i--) {
            ReportView r = mine.get(i);
            RepairJobView job = r.jobId() == null
                    ? null
                    : loadJob(r.jobId(), true)
                            .map(j -> withDetails(j, j.steps(), List.of()))
                            .orElse(null);
            Integer stars = r.jobId() == null
                    ? null
                    : jdbc.sql("select stars from outage.job_rating where job_id = ? and user_id = ?")
                            .params(r.jobId(), customer.userId().value())
                            .query(Integer.class)
                            .optional()
                            .orElse(null);
            out.add(new MyRepair(r, job, r.outageId() == null ? null : outagesById.get(r.outageId()), stars));
        }
        return out;
    }

    private boolean reported(Actor customer, long jobId) {
        return jdbc.sql("select exists (select 1 from outage.repair_report where job_id = ? and reporter_user_id = ?)")
                .params(jobId, customer.userId().value())
                .query(Boolean.class)
                .single();
    }

    private Optional<Long> crewOf(Actor actor) {
        if (!actor.isStaff()) return Optional.empty();
        return jdbc.sql("select crew_id from outage.crew_member where user_id = ?")
                .param(actor.userId().value())
                .query(Long.class)
                .optional();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<RepairJobView> job(Actor actor, long jobId) {
        Optional<RepairJobView> job = loadJob(jobId, true);
        if (job.isEmpty()) return job;
        RepairJobView j = job.get();
        if (actor.isCustomer()) {
            if (!reported(actor, jobId)) return Optional.empty();
            List<ReportView> own = j.reporters().stream()
                    .filter(r -> reportedBy(r.id(), actor))
                    .toList();
            return Optional.of(withDetails(j, j.steps(), own));
        }
        if (actor.has(Permission.REPAIR_DISPATCH) && actor.sees(j.branchId())) return job;
        Optional<Long> crew = crewOf(actor);
        if (crew.isPresent() && crew.get().equals(j.crewId())) return job;
        return Optional.empty();
    }

    private boolean reportedBy(long reportId, Actor customer) {
        return jdbc.sql("select exists (select 1 from outage.repair_report where id = ? and reporter_user_id = ?)")
                .params(reportId, customer.userId().value())
                .query(Boolean.class)
                .single();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<PhotoFile> photo(Actor actor, long photoId) {
        record Row(String contentType, byte[] bytes, Long reporter, long branch) {}
        Optional<Row> row = jdbc.sql("""
                        select p.content_type, p.bytes, r.reporter_user_id, r.branch_id
                        from outage.repair_photo p join outage.repair_report r on r.id = p.report_id
                        where p.id = ?""")
                .param(photoId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getBytes(2), (Long) rs.getObject(3), rs.getLong(4)))
                .optional();
        return row.filter(r -> actor.isCustomer()
                        ? r.reporter() != null && r.reporter() == actor.userId().value()
                        : actor.has(Permission.REPAIR_DISPATCH) && actor.sees(new BranchId(r.branch())))
                .map(r -> new PhotoFile(r.contentType(), r.bytes()));
    }

    @Override
    @Transactional(readOnly = true)
    public SelfCheck selfCheck(Actor customer, long supplyAccountId) {
        if (!customer.isCustomer()) throw Problem.forbidden("portal-customers-only");
        customers.portalAccounts(customer.userId()).stream()
                .filter(a -> a.id() == supplyAccountId)
                .findFirst()
                .orElseThrow(() -> Problem.notFound("supply-account"));
        OffsetDateTime now = now();
        List<OutageView> current =
                outages.ofAccounts(List.of(supplyAccountId), 0).getOrDefault(supplyAccountId, List.of()).stream()
                        .filter(o -> o.status() == OutageStatus.PUBLISHED
                                && !o.startsAt().isAfter(now))
                        .toList();
        ArrearsDisconnections port = arrears.getIfAvailable();
        ArrearsDisconnections.Answer stop;
        try {
            stop = port == null ? ArrearsDisconnections.Answer.UNKNOWN : port.of(supplyAccountId);
        } catch (RuntimeException e) {
            stop = ArrearsDisconnections.Answer.UNKNOWN;
        }
        List<MyRepair> open = myRepairs(customer).stream()
                .filter(m -> supplyAccountId
                        == (m.report().supplyAccountId() == null
                                ? -1
                                : m.report().supplyAccountId()))
                .filter(m -> m.job() != null && !m.job().status().isFinal())
                .toList();
        return new SelfCheck(
                supplyAccountId,
                current,
                stop,
                open,
                current.isEmpty() && stop != ArrearsDisconnections.Answer.STOPPED);
    }

    @Override
    public void rate(Actor customer, long jobId, int stars, String comment) {
        if (!customer.isCustomer()) throw Problem.forbidden("portal-customers-only");
        if (stars < 1 || stars > 5) throw Problem.badRequest("repair-rating-stars");
        if (comment != null && comment.strip().length() > 300) throw Problem.badRequest("repair-rating-comment", 300);
        if (!reported(customer, jobId)) throw Problem.notFound("repair-job");
        RepairJobView job = lockedJob(jobId);
        if (job.status() != RepairStatus.REPAIRED && job.status() != RepairStatus.REFERRED)
            throw Problem.conflict("repair-rating-too-early");
        Long team = job.teamId();
        Long crew = team == null ? job.crewId() : null;
        if (team == null && crew == null) throw Problem.conflict("repair-rating-too-early");
        int rows = jdbc.sql("""
                        insert into outage.job_rating (job_id, user_id, crew_id, team_id, stars, comment, rated_at)
                        values (?, ?, ?, ?, ?, ?, ?) on conflict (job_id) do nothing""")
                .params(
                        jobId,
                        customer.userId().value(),
                        crew,
                        team,
                        stars,
                        comment == null || comment.isBlank() ? null : comment.strip(),
                        now())
                .update();
        if (rows == 0) throw Problem.conflict("repair-already-rated");
    }

    @Override
    public long importPastJob(PastJob past) {
        SupplyPath path =
                grid.supplyPath(past.supplyAccountId()).orElseThrow(() -> Problem.conflict("repair-no-supply-path"));
        CrewView crew = crew(past.crewId())
                .filter(c -> c.branchId().equals(path.branchId()))
                .orElseThrow(() -> Problem.notFound("crew"));
        if (past.minutesToDispatch() < 0
                || past.minutesToArrive() < past.minutesToDispatch()
                || past.minutesToRepair() < past.minutesToArrive()
                || !past.reportedAt().isBefore(now().minusMinutes(past.minutesToRepair())))
            throw Problem.badRequest("repair-occurred-at");
        NodeView area = grid.node(NodeRef.area(path.area().id())).orElseThrow();
        ServiceArea kind = grid.serviceArea(path.branchId()).orElse(ServiceArea.CITY);
        OffsetDateTime at = past.reportedAt().withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime dispatched = at.plusMinutes(past.minutesToDispatch());
        OffsetDateTime arrived = at.plusMinutes(past.minutesToArrive());
        OffsetDateTime repaired = at.plusMinutes(past.minutesToRepair());
        long id = jdbc.sql("""
                        insert into outage.repair_job (branch_id, status, skill, area_id, box_id, place, lat, lon,
                            service_area, first_reported_at, arrive_by, crew_id, dispatched_at, arrived_at, closed_at)
                        values (:branch, 'REPAIRED', 'LOW_VOLTAGE', :area, :box, :place, :lat, :lon, :kind, :at, :by,
                            :crew, :dispatched, :arrived, :repaired)
                        returning id""")
                .param("branch", path.branchId().value())
                .param("area", path.area().id())
                .param("box", path.box() == null ? null : path.box().id())
                .param("place", path.area().name())
                .param("lat", area.lat())
                .param("lon", area.lon())
                .param("kind", kind.name())
                .param("at", at)
                .param("by", at.plus(ServiceCommitment.arrivalWithin(kind)))
                .param("crew", crew.id())
                .param("dispatched", dispatched)
                .param("arrived", arrived)
                .param("repaired", repaired)
                .query(Long.class)
                .single();
        jdbc.sql("""
                        insert into outage.repair_report (branch_id, job_id, supply_account_id, area_id, lat, lon,
                            channel, taken_by, description, occurred_at, reported_at)
                        values (?, ?, ?, ?, ?, ?, 'STAFF', ?, ?, ?, ?)""")
                .params(
                        path.branchId().value(),
                        id,
                        past.supplyAccountId(),
                        path.area().id(),
                        area.lat(),
                        area.lon(),
                        past.recordedBy(),
                        past.description(),
                        at,
                        at)
                .update();
        step(id, RepairStatus.OPEN, null, null, null, null, null, past.recordedBy(), at);
        step(id, RepairStatus.DISPATCHED, crew.id(), null, null, null, null, past.recordedBy(), dispatched);
        OffsetDateTime accepted = dispatched.plusMinutes(1).isAfter(arrived) ? arrived : dispatched.plusMinutes(1);
        OffsetDateTime departed = dispatched.plusMinutes(3).isAfter(arrived) ? arrived : dispatched.plusMinutes(3);
        step(id, RepairStatus.ACCEPTED, crew.id(), null, null, null, null, past.recordedBy(), accepted);
        step(id, RepairStatus.DEPARTED, crew.id(), null, null, null, null, past.recordedBy(), departed);
        step(id, RepairStatus.ARRIVED, crew.id(), null, null, area.lat(), area.lon(), past.recordedBy(), arrived);
        step(id, RepairStatus.REPAIRED, crew.id(), null, null, area.lat(), area.lon(), past.recordedBy(), repaired);
        return id;
    }

    // ---------------------------------------------------------------- dispatch

    private RepairJobView lockedJob(long jobId) {
        jdbc.sql("select id from outage.repair_job where id = ? for update")
                .param(jobId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> Problem.notFound("repair-job"));
        return loadJob(jobId, false).orElseThrow();
    }

    private RepairJobView lockedJobInScope(Actor actor, long jobId) {
        actor.require(Permission.REPAIR_DISPATCH);
        RepairJobView job = lockedJob(jobId);
        if (!actor.sees(job.branchId())) throw Problem.notFound("repair-job");
        return job;
    }

    private static void requireMove(RepairJobView job, RepairStatus next) {
        if (!job.status().canMoveTo(next))
            throw Problem.conflict("repair-status", job.status().name(), next.name())
                    .with("status", job.status().name());
    }

    private void requireBranch(Actor actor, BranchId branch) {
        actor.require(Permission.REPAIR_DISPATCH);
        if (branch == null || !actor.sees(branch)) throw Problem.notFound("branch");
    }

    @Override
    @Transactional(readOnly = true)
    public List<RepairJobView> board(Actor actor, BranchId branch, int limit) {
        requireBranch(actor, branch);
        return jdbc.sql(JOB_COLUMNS + """
                         where j.branch_id = :branch
                         order by (j.status in ('REPAIRED', 'REFERRED', 'CANCELLED')),
                                  case when j.status in ('REPAIRED', 'REFERRED', 'CANCELLED') then null
                                       else j.arrive_by end,
                                  j.first_reported_at desc
                         limit :limit""")
                .param("branch", branch.value())
                .param("now", now())
                .param("limit", Math.clamp(limit, 1, 500))
                .query((rs, n) -> jobRow(rs))
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public List<RepairJobView> breaches(Actor actor, BranchId branch, int limit) {
        requireBranch(actor, branch);
        return jdbc.sql(JOB_COLUMNS + """
                         where j.branch_id = :branch
                           and (j.arrived_at > j.arrive_by
                                or (j.arrived_at is null and j.status not in ('REFERRED', 'CANCELLED')
                                    and :now > j.arrive_by))
                         order by j.first_reported_at desc limit :limit""")
                .param("branch", branch.value())
                .param("now", now())
                .param("limit", Math.clamp(limit, 1, 500))
                .query((rs, n) -> jobRow(rs))
                .list();
    }

    private static final String CREW_COLUMNS = """
            select c.*,
                   (select j.id from outage.repair_job j where j.crew_id = c.id
                     and j.status in ('DISPATCHED', 'ACCEPTED', 'DEPARTED', 'ARRIVED')) as job_id,
                   array(select m.user_id from outage.crew_member m where m.crew_id = c.id order by m.user_id)
                       as members,
                   (select round(avg(r.stars), 1) from outage.job_rating r where r.crew_id = c.id) as average,
                   (select count(*) from outage.job_rating r where r.crew_id = c.id) as ratings
            """;

    private boolean onShift(LocalTime start, LocalTime end) {
        LocalTime t = LocalTime.ofInstant(clock.instant(), clock.getZone());
        if (start.equals(end)) return true; // a 24-hour duty
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }

    private CrewView crewRow(ResultSet rs) throws SQLException {
        LocalTime start = rs.getObject("shift_start", LocalTime.class);
        LocalTime end = rs.getObject("shift_end", LocalTime.class);
        Set<CrewSkill> skills = EnumSet.noneOf(CrewSkill.class);
        strings(rs.getArray("skills")).forEach(s -> skills.add(CrewSkill.valueOf(s)));
        return new CrewView(
                rs.getLong("id"),
                new BranchId(rs.getLong("branch_id")),
                rs.getString("name"),
                skills,
                start,
                end,
                onShift(start, end),
                rs.getBigDecimal("lat"),
                rs.getBigDecimal("lon"),
                rs.getObject("position_at", OffsetDateTime.class),
                (Long) rs.getObject("job_id"),
                longs(rs.getArray("members")),
                rs.getBigDecimal("average"),
                rs.getInt("ratings"),
                rs.getBytes("phone_enc") == null
                        ? null
                        : PersonalData.maskPhone(vault.decrypt(rs.getBytes("phone_enc"), CREW_PHONE)));
    }

    @Override
    @Transactional(readOnly = true)
    public List<CrewSuggestion> suggestCrews(Actor actor, long jobId, int limit) {
        actor.require(Permission.REPAIR_DISPATCH);
        RepairJobView job = loadJob(jobId, false)
                .filter(j -> actor.sees(j.branchId()))
                .orElseThrow(() -> Problem.notFound("repair-job"));
        // available (no job), with the skill, a known position; distance on the earth's surface (cube + earthdistance)
        List<CrewSuggestion> all = jdbc.sql(CREW_COLUMNS + """
                        , round(public.earth_distance(public.ll_to_earth(c.lat::float8, c.lon::float8),
                                                      public.ll_to_earth(:lat, :lon)))::bigint as metres
                        from outage.crew c
                        where c.branch_id = :branch and :skill = any (c.skills) and c.lat is not null
                          and not exists (select 1 from outage.repair_job j where j.crew_id = c.id
                                          and j.status in ('DISPATCHED', 'ACCEPTED', 'DEPARTED', 'ARRIVED'))
                        order by metres, c.id""")
                .param("lat", job.lat())
                .param("lon", job.lon())
                .param("branch", job.branchId().value())
                .param("skill", job.skill().name())
                .query((rs, n) -> new CrewSuggestion(crewRow(rs), rs.getLong("metres")))
                .list();
        return all.stream()
                .filter(s -> s.crew().onShift())
                .limit(Math.clamp(limit, 1, 50))
                .toList();
    }

    @Override
    public RepairJobView dispatch(Actor actor, long jobId, long crewId) {
        RepairJobView job = lockedJobInScope(actor, jobId);
        requireMove(job, RepairStatus.DISPATCHED);
        CrewView crew = jdbc.sql(CREW_COLUMNS + " from outage.crew c where c.id = :id for update of c")
                .param("id", crewId)
                .query((rs, n) -> crewRow(rs))
                .optional()
                .filter(c -> c.branchId().equals(job.branchId()))
                .orElseThrow(() -> Problem.notFound("crew"));
        // the crew row is locked: a second dispatcher of this crew waits here and then sees the first's job
        Long busy = jdbc.sql("""
                        select id from outage.repair_job where crew_id = ?
                        and status in ('DISPATCHED', 'ACCEPTED', 'DEPARTED', 'ARRIVED')""").param(crewId).query(Long.class).optional().orElse(null);
        if (busy != null) throw Problem.conflict("crew-busy", crew.name()).with("jobId", busy);
        if (!crew.skills().contains(job.skill())) throw Problem.conflict("crew-skill", crew.name());
        if (!crew.onShift()) throw Problem.conflict("crew-off-shift", crew.name());
        OffsetDateTime now = now();
        jdbc.sql("update outage.repair_job set status = 'DISPATCHED', crew_id = ?, dispatched_at = ? where id = ?")
                .params(crewId, now, jobId)
                .update();
        step(
                jobId,
                RepairStatus.DISPATCHED,
                crewId,
                null,
                null,
                null,
                null,
                actor.userId().value(),
                now);
        audit.record(actor, "repair.dispatch", "repair_job", String.valueOf(jobId), Map.of("crew", crewId));
        RepairJobView done = loadJob(jobId, true).orElseThrow();
        tellAll(done, RepairStatus.DISPATCHED, Map.of());
        return done;
    }

    @Override
    public RepairJobView changeSkill(Actor actor, long jobId, CrewSkill skill) {
        if (skill == null) throw Problem.badRequest("repair-skill-unknown", "-");
        RepairJobView job = lockedJobInScope(actor, jobId);
        if (job.status() != RepairStatus.OPEN)
            throw Problem.conflict("repair-skill-fixed", job.status().name())
                    .with("status", job.status().name());
        if (job.skill() == skill) return loadJob(jobId, true).orElseThrow();
        jdbc.sql("update outage.repair_job set skill = ? where id = ?")
                .params(skill.name(), jobId)
                .update();
        audit.record(
                actor,
                "repair.skill-changed",
                "repair_job",
                String.valueOf(jobId),
                Map.of("from", job.skill().name(), "to", skill.name()));
        return loadJob(jobId, true).orElseThrow();
    }

    @Override
    public RepairJobView refer(Actor actor, long jobId, long teamId, String note) {
        RepairJobView job = lockedJobInScope(actor, jobId);
        requireMove(job, RepairStatus.REFERRED);
        TeamView team = team(teamId)
                .filter(t -> t.branchId().equals(job.branchId()))
                .orElseThrow(() -> Problem.notFound("third-party-team"));
        return close(actor, job, RepairStatus.REFERRED, team.id(), note, Map.of("team", team.name()));
    }

    @Override
    public RepairJobView cancel(Actor actor, long jobId, String reason) {
        RepairJobView job = lockedJobInScope(actor, jobId);
        requireMove(job, RepairStatus.CANCELLED);
        if (!MeaningfulReason.Check.isMeaningful(reason)) throw Problem.badRequest("reason-required");
        return close(actor, job, RepairStatus.CANCELLED, null, reason.strip(), Map.of("reason", reason.strip()));
    }

    private RepairJobView close(
            Actor actor, RepairJobView job, RepairStatus to, Long team, String note, Map<String, String> extra) {
        OffsetDateTime now = now();
        jdbc.sql("""
                        update outage.repair_job set status = ?, team_id = ?, closed_at = ?,
                            crew_id = case when ? = 'CANCELLED' and arrived_at is null then null else crew_id end
                        where id = ?""").params(to.name(), team, now, to.name(), job.id()).update();
        step(job.id(), to, null, team, note, null, null, actor.userId().value(), now);
        audit.record(
                actor,
                "repair." + to.name().toLowerCase(java.util.Locale.ROOT),
                "repair_job",
                String.valueOf(job.id()),
                Map.of());
        RepairJobView done = loadJob(job.id(), true).orElseThrow();
        tellAll(done, to, extra);
        return done;
    }

    // ---------------------------------------------------------------- crews

    @Override
    public CrewView createCrew(Actor actor, NewCrew crew) {
        requireBranch(actor, crew.branchId());
        checkCrew(crew);
        requireFreeName(crew.branchId(), crew.name().strip(), 0);
        long id = jdbc.sql("""
                        insert into outage.crew (branch_id, name, skills, shift_start, shift_end, phone_enc)
                        values (?, ?, ?::text[], ?, ?, ?) returning id""")
                .params(
                        crew.branchId().value(),
                        crew.name().strip(),
                        crew.skills().stream().map(Enum::name).sorted().toArray(String[]::new),
                        crew.shiftStart(),
                        crew.shiftEnd(),
                        sealedCrewPhone(crew.phone()))
                .query(Long.class)
                .single();
        for (long user : crew.memberUserIds().stream().distinct().toList()) {
            int rows = jdbc.sql(
                            "insert into outage.crew_member (crew_id, user_id) values (?, ?) on conflict do nothing")
                    .params(id, user)
                    .update();
            if (rows == 0) throw Problem.conflict("crew-member-taken", user);
        }
        if (crew.baseLat() != null) position(id, crew.baseLat(), crew.baseLon(), now());
        audit.record(
                actor,
                "repair.crew-created",
                "crew",
                String.valueOf(id),
                Map.of("name", crew.name().strip()));
        return crew(id).orElseThrow();
    }

    @Override
    public CrewView updateCrew(Actor actor, long crewId, NewCrew crew) {
        actor.require(Permission.REPAIR_DISPATCH);
        CrewView before = jdbc.sql(CREW_COLUMNS + " from outage.crew c where c.id = :id for update")
                .param("id", crewId)
                .query((rs, n) -> crewRow(rs))
                .optional()
                .filter(c -> actor.sees(c.branchId()))
                .orElseThrow(() -> Problem.notFound("crew"));
        checkCrew(crew);
        requireFreeName(before.branchId(), crew.name().strip(), crewId);
        jdbc.sql("""
                        update outage.crew set name = ?, skills = ?::text[], shift_start = ?, shift_end = ?,
                            phone_enc = case when ? then phone_enc else ? end
                        where id = ?""")
                .params(
                        crew.name().strip(),
                        crew.skills().stream().map(Enum::name).sorted().toArray(String[]::new),
                        crew.shiftStart(),
                        crew.shiftEnd(),
                        crew.phone() == null,
                        sealedCrewPhone(crew.phone()),
                        crewId)
                .update();
        if (crew.baseLat() != null) position(crewId, crew.baseLat(), crew.baseLon(), now());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", crew.name().strip());
        details.put("skills", crew.skills().stream().map(Enum::name).sorted().toList());
        details.put("shift", crew.shiftStart() + "-" + crew.shiftEnd());
        if (!before.name().equals(crew.name().strip())) details.put("formerName", before.name());
        if (crew.baseLat() != null) details.put("base", crew.baseLat() + "," + crew.baseLon());
        audit.record(actor, "repair.crew-updated", "crew", String.valueOf(crewId), details);
        return crew(crewId).orElseThrow();
    }

    private static void checkCrew(NewCrew crew) {
        if (crew.name() == null || crew.name().isBlank() || crew.name().strip().length() > 60)
            throw Problem.badRequest("crew-name");
        if (crew.skills().isEmpty()) throw Problem.badRequest("crew-skills-missing");
        if (crew.shiftStart() == null || crew.shiftEnd() == null) throw Problem.badRequest("crew-shift");
        if ((crew.baseLat() == null) != (crew.baseLon() == null)) throw Problem.badRequest("crew-position");
        if (crew.baseLat() != null
                && (crew.baseLat().abs().compareTo(BigDecimal.valueOf(90)) > 0
                        || crew.baseLon().abs().compareTo(BigDecimal.valueOf(180)) > 0)) {
            throw Problem.badRequest("crew-position");
        }
        if (crew.phone() != null
                && !crew.phone().isBlank()
                && !PHONE.matcher(crew.phone().strip()).matches()) throw Problem.badRequest("crew-phone");
    }

    private void requireFreeName(BranchId branch, String name, long self) {
        boolean taken = jdbc.sql(
                        "select exists (select 1 from outage.crew where branch_id = ? and name = ? and id <> ?)")
                .params(branch.value(), name, self)
                .query(Boolean.class)
                .single();
        if (taken) throw Problem.conflict("crew-name-taken", name);
    }

    private byte[] sealedCrewPhone(String phone) {
        return phone == null || phone.isBlank() ? null : vault.encrypt(phone.strip(), CREW_PHONE);
    }

    private Optional<CrewView> crew(long id) {
        return jdbc.sql(CREW_COLUMNS + " from outage.crew c where c.id = :id")
                .param("id", id)
                .query((rs, n) -> crewRow(rs))
                .optional();
    }

    @Override
    @Transactional(readOnly = true)
    public List<CrewView> crews(Actor actor, BranchId branch) {
        requireBranch(actor, branch);
        return jdbc.sql(CREW_COLUMNS + " from outage.crew c where c.branch_id = :branch order by c.name")
                .param("branch", branch.value())
                .query((rs, n) -> crewRow(rs))
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<CrewView> myCrew(Actor crewMember) {
        return crewOf(crewMember).flatMap(this::crew);
    }

    @Override
    @Transactional(readOnly = true)
    public List<RepairJobView> crewJobs(Actor crewMember) {
        long crew = crewOf(crewMember).orElseThrow(() -> Problem.forbidden("crew-members-only"));
        List<Long> ids = jdbc.sql("""
                        select id from outage.repair_job where crew_id = ?
                        order by (status in ('REPAIRED', 'REFERRED', 'CANCELLED')), dispatched_at desc limit 20""").param(crew).query(Long.class).list();
        return ids.stream().map(id -> loadJob(id, true).orElseThrow()).toList();
    }

    @Override
    public RepairJobView recordStep(
            Actor crewMember, long jobId, RepairStatus next, BigDecimal lat, BigDecimal lon, String note) {
        long crew = crewOf(crewMember).orElseThrow(() -> Problem.forbidden("crew-members-only"));
        if (next == null || !next.crewStep()) throw Problem.badRequest("repair-step");
        if ((lat == null) != (lon == null)) throw Problem.badRequest("crew-position");
        if (note != null && note.strip().length() > 300) throw Problem.badRequest("repair-note-too-long", 300);
        RepairJobView job = lockedJob(jobId);
        if (job.crewId() == null || job.crewId() != crew) throw Problem.notFound("repair-job");
        requireMove(job, next);
        OffsetDateTime now = now();
        jdbc.sql("""
                        update outage.repair_job set status = :status,
                            arrived_at = case when :status = 'ARRIVED' then :now else arrived_at end,
                            closed_at = case when :status in ('REPAIRED', 'REFERRED') then :now else closed_at end
                        where id = :id""")
                .param("status", next.name())
                .param("now", now)
                .param("id", jobId)
                .update();
        String why = note == null || note.isBlank() ? null : note.strip();
        step(jobId, next, crew, null, why, lat, lon, crewMember.userId().value(), now);
        if (lat != null) position(crew, lat, lon, now);
        RepairJobView done = loadJob(jobId, true).orElseThrow();
        tellAll(done, next, Map.of("team", "-"));
        return done;
    }

    private void position(long crew, BigDecimal lat, BigDecimal lon, OffsetDateTime now) {
        if (lat.abs().compareTo(BigDecimal.valueOf(90)) > 0 || lon.abs().compareTo(BigDecimal.valueOf(180)) > 0)
            throw Problem.badRequest("crew-position");
        jdbc.sql("update outage.crew set lat = ?, lon = ?, position_at = ? where id = ?")
                .params(
                        lat.setScale(6, java.math.RoundingMode.HALF_UP),
                        lon.setScale(6, java.math.RoundingMode.HALF_UP),
                        now,
                        crew)
                .update();
    }

    @Override
    public void reportPosition(Actor crewMember, BigDecimal lat, BigDecimal lon) {
        long crew = crewOf(crewMember).orElseThrow(() -> Problem.forbidden("crew-members-only"));
        if (lat == null || lon == null) throw Problem.badRequest("crew-position");
        position(crew, lat, lon, now());
    }

    // ---------------------------------------------------------------- third-party teams

    private static final String TEAM_COLUMNS = """
            select t.*,
                   (select round(avg(r.stars), 1) from outage.job_rating r where r.team_id = t.id) as average,
                   (select count(*) from outage.job_rating r where r.team_id = t.id) as ratings
            from outage.third_party_team t
            """;

    private TeamView teamRow(ResultSet rs, boolean masked) throws SQLException {
        String name = vault.decrypt(rs.getBytes("contact_name"), TEAM_CONTACT);
        String phone = vault.decrypt(rs.getBytes("contact_phone"), TEAM_CONTACT);
        return new TeamView(
                rs.getLong("id"),
                new BranchId(rs.getLong("branch_id")),
                rs.getString("name"),
                strings(rs.getArray("qualifications")),
                strings(rs.getArray("areas")),
                masked ? PersonalData.maskName(name) : name,
                masked ? PersonalData.maskPhone(phone) : phone,
                rs.getBigDecimal("average"),
                rs.getInt("ratings"));
    }

    private Optional<TeamView> team(long id) {
        return jdbc.sql(TEAM_COLUMNS + " where t.id = ?")
                .param(id)
                .query((rs, n) -> teamRow(rs, true))
                .optional();
    }

    @Override
    public TeamView registerTeam(Actor actor, NewTeam team) {
        requireBranch(actor, team.branchId());
        if (team.name() == null || team.name().isBlank() || team.name().strip().length() > 80)
            throw Problem.badRequest("team-name");
        List<String> areas = clean(team.areas());
        List<String> qualifications = clean(team.qualifications());
        if (areas.isEmpty() || areas.size() > 20) throw Problem.badRequest("team-areas");
        if (qualifications.size() > 10) throw Problem.badRequest("team-qualifications");
        if (team.contactName() == null || team.contactName().isBlank()) throw Problem.badRequest("team-contact");
        if (team.contactPhone() == null
                || !PHONE.matcher(team.contactPhone().strip()).matches()) throw Problem.badRequest("team-contact");
        boolean exists = jdbc.sql(
                        "select exists (select 1 from outage.third_party_team where branch_id = ? and name = ?)")
                .params(team.branchId().value(), team.name().strip())
                .query(Boolean.class)
                .single();
        if (exists) throw Problem.conflict("team-name-taken", team.name().strip());
        long id = jdbc.sql("""
                        insert into outage.third_party_team (branch_id, name, qualifications, areas, contact_name,
                            contact_phone)
                        values (?, ?, ?::text[], ?::text[], ?, ?) returning id""")
                .params(
                        team.branchId().value(),
                        team.name().strip(),
                        qualifications.toArray(String[]::new),
                        areas.toArray(String[]::new),
                        vault.encrypt(team.contactName().strip(), TEAM_CONTACT),
                        vault.encrypt(team.contactPhone().strip(), TEAM_CONTACT))
                .query(Long.class)
                .single();
        audit.record(actor, "repair.team-registered", "third_party_team", String.valueOf(id), Map.of());
        return team(id).orElseThrow();
    }

    private static List<String> clean(List<String> values) {
        if (values == null) return List.of();
        return values.stream()
                .filter(v -> v != null && !v.isBlank())
                .map(String::strip)
                .map(v -> v.length() > 80 ? v.substring(0, 80) : v)
                .distinct()
                .toList();
    }

    private List<TeamView> teamsOf(List<Long> branches, String area) {
        if (branches.isEmpty()) return List.of();
        String like = area == null || area.isBlank()
                ? null
                : "%" + area.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql(TEAM_COLUMNS + """
                         where t.branch_id in (:branches)
                           and (cast(:area as text) is null
                                or exists (select 1 from unnest(t.areas) a where a ilike :area))
                         order by t.name""")
                .param("branches", branches)
                .param("area", like)
                .query((rs, n) -> teamRow(rs, true))
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public List<TeamView> teams(Actor actor, BranchId branch, String area) {
        requireBranch(actor, branch);
        return teamsOf(List.of(branch.value()), area);
    }

    @Override
    @Transactional(readOnly = true)
    public List<TeamView> teamsForCustomer(Actor customer, String area) {
        if (!customer.isCustomer()) throw Problem.forbidden("portal-customers-only");
        List<Long> branches = customers.portalAccounts(customer.userId()).stream()
                .map(a -> a.branchId().value())
                .distinct()
                .toList();
        return teamsOf(branches, area);
    }

    @Override
    public TeamView unmaskTeam(Actor actor, long teamId, String reason) {
        TeamView masked = team(teamId).orElseThrow(() -> Problem.notFound("third-party-team"));
        if (actor.isCustomer()) {
            boolean serves = customers.portalAccounts(actor.userId()).stream()
                    .anyMatch(a -> a.branchId().equals(masked.branchId()));
            if (!serves) throw Problem.notFound("third-party-team");
        } else {
            actor.require(Permission.PERSONAL_DATA_UNMASK);
            if (!actor.sees(masked.branchId())) throw Problem.notFound("third-party-team");
            if (!MeaningfulReason.Check.isMeaningful(reason)) throw Problem.badRequest("reason-required");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", actor.isCustomer() ? "customer looks for a repair team" : reason.strip());
        audit.record(actor, "repair.team-contact-unmasked", "third_party_team", String.valueOf(teamId), details);
        return jdbc.sql(TEAM_COLUMNS + " where t.id = ?")
                .param(teamId)
                .query((rs, n) -> teamRow(rs, false))
                .single();
    }
}
