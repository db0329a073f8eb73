package io.gridhall.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.shared.Problem;
import io.gridhall.testing.Actors;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A campaign of sending a calendar to meters is handed to metering in chunks, each its own transaction (issue 9): a
 * large campaign gives each meter one job, a chunk that fails (before or after metering recorded its jobs) is rolled
 * back whole and resuming gives each meter exactly one job, a meter that cannot be programmed is recorded as refused
 * and the others go on, and the chunks act for the clerk who asked, in their branches only.
 */
@BillingTest
class ProgrammingMetersTests {

    static final String TARIFF = "CN-ZJ-RES-TOU";

    @Autowired
    ProgrammingMeters programming;

    @Autowired
    BillingSettings settings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @AfterEach
    void noCheckpoint() {
        programming.checkpoint((chunk, point) -> {});
    }

    /** Meters metering reads in the branch, made in one statement: ids from a random base, addresses from them. */
    List<ProgrammingMeters.Target> meters(long branch, int count) {
        long base = ThreadLocalRandom.current().nextLong(1, 9_000_000L) * 100_000L;
        jdbc.sql("""
                        insert into metering.meter (meter_id, address, branch_id, customer_class)
                        select :base + i, lpad(cast((:base + i) % 1000000000000 as text), 12, '0'), :branch, 'RESIDENTIAL'
                        from generate_series(1, :n) as i""")
                .param("base", base)
                .param("branch", branch)
                .param("n", count)
                .update();
        return LongStream.rangeClosed(1, count)
                .mapToObj(i -> new ProgrammingMeters.Target(base + i, base + i, "A" + (base + i)))
                .toList();
    }

    static long aBranchId() {
        return ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L);
    }

    UUID plan(Actor clerk, long branch, List<ProgrammingMeters.Target> targets) {
        LocalDateTime switchAt = LocalDateTime.now(clock).plusDays(3).truncatedTo(ChronoUnit.DAYS);
        return programming.plan(clerk, TARIFF, 1, new BranchId(branch), 2026, switchAt, targets);
    }

    long commands(UUID campaign) {
        return jdbc.sql("select count(*) from metering.meter_command where intent_id like :p")
                .param("p", "tou:" + campaign + ":%")
                .query(Long.class)
                .single();
    }

    /** Each meter of the campaign has exactly one job and its row points at it. */
    void eachMeterOnce(UUID campaign, int meters) {
        assertThat(jdbc.sql("""
                        select count(*) from billing.meter_program_job
                        where campaign_id = ? and state = 'QUEUED' and command_id is not null""").param(campaign).query(Long.class).single()).isEqualTo(meters);
        assertThat(commands(campaign)).isEqualTo(meters);
        assertThat(jdbc.sql("""
                        select count(*) from billing.meter_program_job j
                        where j.campaign_id = ? and (select count(*) from metering.meter_command c
                                                     where c.meter_id = j.meter_id and c.command_id = j.command_id
                                                       and c.action = 'PROGRAM') <> 1""").param(campaign).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select state from billing.meter_program_campaign where id = ?")
                        .param(campaign)
                        .query(String.class)
                        .single())
                .isEqualTo("ENQUEUED");
    }

    /**
     * The campaign's counts (one statement here, one in metering) equal the meters' states one by one, the failed
     * come first on the pages, and the pages cover every meter once.
     */
    void countsAgreeWithTheMeters(Actor clerk, UUID id, int pageSize) {
        // the head-end's passes may move a command between the two reads: asked again until they agree
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> countsAgreeOnce(clerk, id, pageSize));
    }

    void countsAgreeOnce(Actor clerk, UUID id, int pageSize) {
        ProgrammingMeters.CampaignView v = programming.view(clerk, id);
        List<ProgrammingMeters.MeterOutcome> meters = new ArrayList<>();
        for (int offset = 0; ; offset += pageSize) {
            ProgrammingMeters.MeterPage page = programming.meters(clerk, id, offset, pageSize);
            assertThat(page.total()).isEqualTo(v.meters());
            assertThat(page.offset()).isEqualTo(Math.min(offset, v.meters()));
            if (page.meters().isEmpty()) break;
            meters.addAll(page.meters());
        }
        assertThat(meters).extracting(ProgrammingMeters.MeterOutcome::meterId).doesNotHaveDuplicates();
        assertThat(meters).hasSize(v.meters());
        java.util.function.Predicate<ProgrammingMeters.MeterOutcome> failed =
                m -> List.of("REFUSED", "FAILED", "EXPIRED", "SUPERSEDED").contains(m.state());
        assertThat(meters.stream().filter(failed).count()).isEqualTo(v.failed());
        assertThat(meters.subList(0, v.failed())).allMatch(failed);
        assertThat(meters.stream().filter(m -> m.state().equals("PENDING")).count())
                .isEqualTo(v.pending());
        assertThat(meters.stream().filter(m -> m.state().equals("REQUESTED")).count())
                .isEqualTo(v.waiting());
        assertThat(meters.stream()
                        .filter(m -> m.state().equals("SENT") || m.state().equals("ACKNOWLEDGED"))
                        .count())
                .isEqualTo(v.sent());
        assertThat(meters.stream()
                        .filter(m -> m.state().equals("VERIFIED") && !m.alreadyCurrent())
                        .count())
                .isEqualTo(v.confirmed());
        assertThat(meters.stream().filter(failed.negate()).map(m -> m.failure()))
                .containsOnlyNulls();
    }

    @Test
    void aCampaignOverThousandsOfMetersGivesEachMeterOneJobInChunks() {
        long branch = aBranchId();
        Actor clerk = Actors.staff(new BranchId(branch), Role.BILLING_CLERK);
        List<ProgrammingMeters.Target> targets = meters(branch, 3000);
        UUID id = plan(clerk, branch, targets);
        assertThat(programming.view(clerk, id)).satisfies(v -> {
            assertThat(v.state()).isEqualTo("ENQUEUEING");
            assertThat(v.meters()).isEqualTo(3000);
            assertThat(v.pending()).isEqualTo(3000);
        });
        List<Integer> chunks = new ArrayList<>();
        programming.checkpoint((chunk, point) -> {
            if (point.equals("read")) chunks.add(chunk);
        });

        assertThat(programming.enqueue(id, clock.instant(), 500)).isTrue();

        assertThat(chunks).containsExactly(0, 1, 2, 3, 4, 5);
        eachMeterOnce(id, 3000);
        assertThat(jdbc.sql("""
                        select count(*) from metering.meter_command_write w join metering.meter_command c
                          on c.command_id = w.command_id where c.intent_id like ?""").param("tou:" + id + ":%").query(Long.class).single())
                .isEqualTo(3000L * programming.view(clerk, id).writes());
        assertThat(programming.view(clerk, id)).satisfies(v -> {
            assertThat(v.state()).isEqualTo("ENQUEUED");
            assertThat(v.pending()).isZero();
            // handed over: the head-end's passes may already be sending some (to meters that are not there)
            assertThat(v.waiting() + v.sent() + v.failed()).isEqualTo(3000);
        });
        // the meters a page at a time (#10: the counts above come from the database, without the list)
        ProgrammingMeters.MeterPage all = programming.meters(clerk, id, 2900, 200);
        assertThat(all.total()).isEqualTo(3000);
        assertThat(all.offset()).isEqualTo(2900);
        assertThat(all.meters()).hasSize(100).noneMatch(f -> f.state().equals("REFUSED"));
        // nothing left to do: taking it up again hands nothing over
        assertThat(programming.enqueue(id, clock.instant().plusSeconds(3600), 500))
                .isFalse();
        assertThat(commands(id)).isEqualTo(3000);
    }

    @Test
    void aChunkThatFailsIsRolledBackWholeAndResumingGivesEachMeterExactlyOnce() {
        for (String point : List.of("read", "handed")) {
            long branch = aBranchId();
            Actor clerk = Actors.staff(new BranchId(branch), Role.BILLING_CLERK);
            UUID id = plan(clerk, branch, meters(branch, 50));
            programming.checkpoint((chunk, at) -> {
                if (chunk == 3 && at.equals(point)) throw new IllegalStateException("the node died at chunk 3");
            });

            assertThat(programming.enqueue(id, clock.instant(), 7)).isFalse();

            // chunks 0 to 2 committed, chunk 3 left nothing behind, not even metering's jobs
            assertThat(jdbc.sql(
                                    "select state, count(*) from billing.meter_program_job where campaign_id = ? group by 1")
                            .param(id)
                            .query((rs, n) -> rs.getString(1) + "=" + rs.getLong(2))
                            .list())
                    .as(point)
                    .containsExactlyInAnyOrder("QUEUED=21", "PENDING=29");
            assertThat(commands(id)).as(point).isEqualTo(21);
            assertThat(programming.view(clerk, id)).satisfies(v -> {
                assertThat(v.state()).isEqualTo("ENQUEUEING");
                assertThat(v.pending()).isEqualTo(29);
                assertThat(v.meters()).isEqualTo(50);
            });
            assertThat(jdbc.sql("select last_error from billing.meter_program_campaign where id = ?")
                            .param(id)
                            .query(String.class)
                            .single())
                    .contains("chunk 3");

            programming.checkpoint((chunk, at) -> {});
            // held for the pause after a failure, then taken up again
            assertThat(programming.enqueue(id, clock.instant(), 7)).isFalse();
            assertThat(programming.enqueue(
                            id,
                            clock.instant()
                                    .plus(settings.meterPrograms().retryAfter())
                                    .plusSeconds(1),
                            7))
                    .isTrue();
            eachMeterOnce(id, 50);
        }
    }

    @Test
    void aNodeThatDiedHoldingTheCampaignLeavesItToTheNextAfterTheLease() {
        long branch = aBranchId();
        Actor clerk = Actors.staff(new BranchId(branch), Role.BILLING_CLERK);
        UUID id = plan(clerk, branch, meters(branch, 20));
        Instant died = clock.instant();
        // a node claimed it and died before its first chunk: its lease holds the campaign
        jdbc.sql("update billing.meter_program_campaign set lease_until = ? where id = ?")
                .params(Timestamp.from(died.plus(settings.meterPrograms().lease())), id)
                .update();
        assertThat(programming.enqueue(id, died.plusSeconds(1), 7)).isFalse();
        assertThat(commands(id)).isZero();
        assertThat(programming.enqueue(
                        id, died.plus(settings.meterPrograms().lease()).plusSeconds(1), 7))
                .isTrue();
        eachMeterOnce(id, 20);
    }

    @Test
    void aMeterThatCannotBeProgrammedIsRecordedWithItsReasonAndTheOthersGoOn() {
        long branch = aBranchId();
        long otherBranch = aBranchId();
        Actor clerk = Actors.staff(new BranchId(branch), Role.BILLING_CLERK);
        List<ProgrammingMeters.Target> targets = new ArrayList<>(meters(branch, 12));
        // a meter metering does not read, and one of a branch the clerk may not see, in the middle of a chunk
        ProgrammingMeters.Target unknown = new ProgrammingMeters.Target(-7, -7, "GHOST");
        ProgrammingMeters.Target elsewhere = meters(otherBranch, 1).getFirst();
        targets.add(3, unknown);
        targets.add(8, elsewhere);
        UUID id = plan(clerk, branch, targets);

        assertThat(programming.enqueue(id, clock.instant(), 5)).isTrue();

        ProgrammingMeters.CampaignView v = programming.view(clerk, id);
        assertThat(v.state()).isEqualTo("ENQUEUED");
        assertThat(v.meters()).isEqualTo(14);
        assertThat(v.pending()).isZero();
        assertThat(v.failed()).isGreaterThanOrEqualTo(2);
        // the failed come first, a page at a time, by meter: the unknown meter (-7) leads the first page of three
        ProgrammingMeters.MeterPage first = programming.meters(clerk, id, 0, 3);
        assertThat(first.total()).isEqualTo(14);
        assertThat(first.meters()).hasSize(3);
        assertThat(first.meters().getFirst())
                .extracting(
                        ProgrammingMeters.MeterOutcome::meterId,
                        ProgrammingMeters.MeterOutcome::state,
                        f -> f.failure())
                .containsExactly(-7L, "REFUSED", "METER_UNKNOWN");
        assertThat(programming.meters(clerk, id, 14, 3).meters()).isEmpty();
        assertThat(programming.meters(clerk, id, -5, 0).meters()).hasSize(1);
        countsAgreeWithTheMeters(clerk, id, 4);
        assertThat(programming.meters(clerk, id, 0, 200).meters())
                .filteredOn(f -> f.state().equals("REFUSED"))
                .extracting(
                        ProgrammingMeters.MeterOutcome::meterId,
                        ProgrammingMeters.MeterOutcome::state,
                        f -> f.failure())
                .containsExactlyInAnyOrder(
                        tuple(-7L, "REFUSED", "METER_UNKNOWN"), tuple(elsewhere.meterId(), "REFUSED", "METER_UNKNOWN"));
        // branch scope kept: no job for the other branch's meter
        assertThat(jdbc.sql("select count(*) from metering.meter_command where meter_id = ?")
                        .param(elsewhere.meterId())
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(commands(id)).isEqualTo(12);
        // a retry hands the refused meters over again (in chunks, after it commits) with their next attempt's intent
        ProgrammingMeters.CampaignView retried = programming.retryFailed(clerk, id);
        assertThat(programming.meters(clerk, id, 0, 200).meters())
                .noneMatch(f -> f.state().equals("REFUSED"))
                .filteredOn(f -> f.state().equals("PENDING"))
                .extracting(ProgrammingMeters.MeterOutcome::meterId)
                .contains(-7L, elsewhere.meterId());
        assertThat(retried.pending()).isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> programming.view(clerk, id).state().equals("ENQUEUED"));
        assertThat(jdbc.sql("""
                        select meter_id, state, retries from billing.meter_program_job
                        where campaign_id = ? and state <> 'QUEUED'""")
                        .param(id)
                        .query((rs, n) -> tuple(rs.getLong(1), rs.getString(2), rs.getInt(3)))
                        .list())
                .containsExactlyInAnyOrder(tuple(-7L, "REFUSED", 1), tuple(elsewhere.meterId(), "REFUSED", 1));
        assertThat(commands(id)).isEqualTo(12);
        // nor may the clerk plan a campaign for a branch not theirs
        assertThatThrownBy(() -> plan(clerk, otherBranch, List.of(elsewhere)))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("not-found"));
    }
}
