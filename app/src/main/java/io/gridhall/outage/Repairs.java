package io.gridhall.outage;

import io.gridhall.grid.ServiceArea;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Repair (抢修, OUT-3..OUT-6, ADR 0017): fault reports merged into repair jobs or matched to known outages, crews
 * sent nearest first with every step timed against the service commitment, third-party teams and their ratings.
 * Staff writes need {@code REPAIR_DISPATCH} within their branches; a crew member works only their crew's jobs; a
 * customer sees only their own reports and photos.
 */
public interface Repairs {

    /** A photo as uploaded: JPEG or PNG, at most {@link #MAX_PHOTO_BYTES}; location data is removed before storing. */
    record Photo(String contentType, byte[] bytes) {}

    int MAX_PHOTOS = 3;
    int MAX_PHOTO_BYTES = 5 * 1024 * 1024;

    /**
     * A fault report: by supply account, or by a place on the map (WGS-84), when it started, what happened.
     *
     * @param callerPhone for a report staff take on a caller's behalf: where progress is sent by SMS (kept sealed)
     * @param skill the skill a new job needs, chosen by staff (null: {@link CrewSkill#LOW_VOLTAGE}); a report merged
     *     into an open job leaves that job's skill as it is
     */
    record Report(
            Long supplyAccountId,
            BigDecimal lat,
            BigDecimal lon,
            OffsetDateTime occurredAt,
            String description,
            String callerPhone,
            List<Photo> photos,
            CrewSkill skill) {
        public Report {
            photos = photos == null ? List.of() : List.copyOf(photos);
        }

        /** A report whose job, if new, needs {@link CrewSkill#LOW_VOLTAGE}. */
        public Report(
                Long supplyAccountId,
                BigDecimal lat,
                BigDecimal lon,
                OffsetDateTime occurredAt,
                String description,
                String callerPhone,
                List<Photo> photos) {
            this(supplyAccountId, lat, lon, occurredAt, description, callerPhone, photos, null);
        }
    }

    /** What became of a report: a new job, merged into an open one, or matched to a known outage. */
    enum Outcome {
        NEW_JOB,
        MERGED,
        KNOWN_OUTAGE
    }

    record Receipt(long reportId, Outcome outcome, RepairJobView job, OutageView outage) {}

    /** One step of a job, with its time and where the crew was. */
    record Step(
            int seq,
            RepairStatus status,
            String crew,
            String team,
            String note,
            BigDecimal lat,
            BigDecimal lon,
            OffsetDateTime at) {}

    /**
     * A repair job with its clock.
     *
     * @param arriveBy the service commitment's deadline for the crew's arrival
     * @param breached arrived after {@code arriveBy}, or not arrived and the deadline passed
     */
    record RepairJobView(
            long id,
            BranchId branchId,
            RepairStatus status,
            CrewSkill skill,
            Long areaId,
            String place,
            BigDecimal lat,
            BigDecimal lon,
            ServiceArea serviceArea,
            OffsetDateTime firstReportedAt,
            OffsetDateTime arriveBy,
            Long crewId,
            String crewName,
            Long teamId,
            String teamName,
            OffsetDateTime dispatchedAt,
            OffsetDateTime arrivedAt,
            OffsetDateTime closedAt,
            int reports,
            boolean breached,
            List<Step> steps,
            List<ReportView> reporters) {
        public RepairJobView {
            steps = steps == null ? List.of() : List.copyOf(steps);
            reporters = reporters == null ? List.of() : List.copyOf(reporters);
        }
    }

    /**
     * One report as its reader may see it (a customer sees only their own; staff see the caller's phone masked).
     *
     * @param rated whether the job was rated (once per job)
     */
    record ReportView(
            long id,
            Long jobId,
            Long outageId,
            Long supplyAccountId,
            String channel,
            String description,
            OffsetDateTime occurredAt,
            OffsetDateTime reportedAt,
            String callerPhoneMasked,
            List<Long> photoIds) {
        public ReportView {
            photoIds = photoIds == null ? List.of() : List.copyOf(photoIds);
        }
    }

    /** A customer's report with where it stands. */
    record MyRepair(ReportView report, RepairJobView job, OutageView outage, Integer myStars) {}

    record PhotoFile(String contentType, byte[] bytes) {}

    /**
     * A crew's daily shift in local time (an end before the start crosses midnight, equal to it a 24-hour duty) and
     * its base (驻点), its position until a member's phone reports one; null: unknown. The phone is the crew's work
     * phone (optional), kept sealed.
     */
    record NewCrew(
            BranchId branchId,
            String name,
            Set<CrewSkill> skills,
            LocalTime shiftStart,
            LocalTime shiftEnd,
            List<Long> memberUserIds,
            BigDecimal baseLat,
            BigDecimal baseLon,
            String phone) {
        public NewCrew {
            skills = skills == null ? Set.of() : Set.copyOf(skills);
            memberUserIds = memberUserIds == null ? List.of() : List.copyOf(memberUserIds);
        }
    }

    /**
     * @param onShift on shift now (local time)
     * @param jobId the job the crew is on, if any
     */
    record CrewView(
            long id,
            BranchId branchId,
            String name,
            Set<CrewSkill> skills,
            LocalTime shiftStart,
            LocalTime shiftEnd,
            boolean onShift,
            BigDecimal lat,
            BigDecimal lon,
            OffsetDateTime positionAt,
            Long jobId,
            List<Long> memberUserIds,
            BigDecimal averageStars,
            int ratings,
            String phoneMasked) {}

    /** A crew for a job, best first: available, on shift, with the skill, by distance (metres, rounded). */
    record CrewSuggestion(CrewView crew, long distanceMetres) {}

    record NewTeam(
            BranchId branchId,
            String name,
            List<String> qualifications,
            List<String> areas,
            String contactName,
            String contactPhone) {}

    /** A third-party team; the contact is masked unless asked for with a reason (staff) or by a customer. */
    record TeamView(
            long id,
            BranchId branchId,
            String name,
            List<String> qualifications,
            List<String> areas,
            String contactName,
            String contactPhone,
            BigDecimal averageStars,
            int ratings) {}

    /**
     * OUT-3 for one account: known outages now, whether supply is stopped for arrears (fee control's answer, or
     * UNKNOWN), and whether the guide for faults inside the premises applies (no outage, not stopped).
     */
    record SelfCheck(
            long supplyAccountId,
            List<OutageView> outages,
            ArrearsDisconnections.Answer arrears,
            List<MyRepair> openRepairs,
            boolean premisesGuide) {}

    /**
     * A repair finished before this system kept it (data migration, the demo): reported by phone for an account,
     * worked by a crew, with the minutes from the report to each step.
     */
    record PastJob(
            long supplyAccountId,
            String description,
            long crewId,
            OffsetDateTime reportedAt,
            int minutesToDispatch,
            int minutesToArrive,
            int minutesToRepair,
            long recordedBy) {}

    // ---- reports ----

    Receipt report(Actor actor, Report report);

    List<MyRepair> myRepairs(Actor customer);

    /** A job as the actor may see it: staff of its branch, its crew, or a customer who reported it. */
    Optional<RepairJobView> job(Actor actor, long jobId);

    Optional<PhotoFile> photo(Actor actor, long photoId);

    SelfCheck selfCheck(Actor customer, long supplyAccountId);

    void rate(Actor customer, long jobId, int stars, String comment);

    /** Imports a finished repair with its steps as they happened (no notices); its clock counts like any other. */
    long importPastJob(PastJob job);

    // ---- dispatch ----

    /** Jobs of a branch, open ones first by deadline, then the recently closed. */
    List<RepairJobView> board(Actor actor, BranchId branch, int limit);

    /** Jobs whose crew arrived late or has not arrived past the deadline, newest first. */
    List<RepairJobView> breaches(Actor actor, BranchId branch, int limit);

    List<CrewSuggestion> suggestCrews(Actor actor, long jobId, int limit);

    /** Sends a crew: the job must be open and the crew free (409 otherwise, also when another dispatcher won). */
    RepairJobView dispatch(Actor actor, long jobId, long crewId);

    /** Changes the skill an open job needs (before dispatch; 409 after), audited with the former skill. */
    RepairJobView changeSkill(Actor actor, long jobId, CrewSkill skill);

    RepairJobView refer(Actor actor, long jobId, long teamId, String note);

    RepairJobView cancel(Actor actor, long jobId, String reason);

    // ---- crews ----

    CrewView createCrew(Actor actor, NewCrew crew);

    List<CrewView> crews(Actor actor, BranchId branch);

    /**
     * Changes a crew's name, skills, shift, work phone (null keeps it, blank removes it) and, when given, base
     * position (its position from now on); the branch and the members stay. 404 outside the actor's branches, 409 for a name taken by another crew.
     */
    CrewView updateCrew(Actor actor, long crewId, NewCrew crew);

    /** The crew of a crew member, with its jobs (current first). */
    Optional<CrewView> myCrew(Actor crewMember);

    List<RepairJobView> crewJobs(Actor crewMember);

    /** A crew member records the next step of their job ({@link RepairStatus#crewStep}); position optional. */
    RepairJobView recordStep(
            Actor crewMember, long jobId, RepairStatus step, BigDecimal lat, BigDecimal lon, String note);

    void reportPosition(Actor crewMember, BigDecimal lat, BigDecimal lon);

    // ---- third-party teams ----

    TeamView registerTeam(Actor actor, NewTeam team);

    /** Staff: a branch's teams, contacts masked; {@code area} filters by service area (part of a name). */
    List<TeamView> teams(Actor actor, BranchId branch, String area);

    /** Customers: the teams of their accounts' branches, contacts in full (they need to call them), audited. */
    List<TeamView> teamsForCustomer(Actor customer, String area);

    /** Staff with PERSONAL_DATA_UNMASK and a reason: the team's contact in full, audited. */
    TeamView unmaskTeam(Actor actor, long teamId, String reason);
}
