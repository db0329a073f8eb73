package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.grid.Grid;
import io.gridhall.grid.Topologies;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.metering.internal.CollectionRates;
import io.gridhall.metering.internal.CollectionRates.GroupBy;
import io.gridhall.metering.internal.CollectionRates.Rate;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;

@MeteringTest
class CollectionRateTests {

    @Autowired
    MeterReadings readings;

    @Autowired
    MockMvc mvc;

    @Autowired
    CollectionRates rates;

    @Autowired
    Grid grid;

    @Autowired
    JdbcClient jdbc;

    @Test
    void countsReadMetersPerAreaOfTheCallersBranch() throws Exception {
        long branch = aBranch();
        LocalDate day = LocalDate.of(2026, 7, 1);
        MeterEnrolment a1 = aMeter(branch, 1), a2 = aMeter(branch, 1), a3 = aMeter(branch, 1), b1 = aMeter(branch, 2);
        readings.enrol(List.of(a1, a2, a3, b1));
        readings.store(new ReadingDelivery(
                UUID.randomUUID().toString(),
                ReadingSource.API,
                List.of(fullDay(a1.meterId(), day, 1), withSlots(fullDay(a2.meterId(), day, 1), 0, 48, 'M', 0)),
                List.of(
                        RegisterRead.total(a1.meterId(), day, 1, null),
                        RegisterRead.total(a2.meterId(), day, 1, null),
                        RegisterRead.total(b1.meterId(), day, 1, null))));

        mvc.perform(get("/api/v1/metering/collection-rate")
                        .param("day", day.toString())
                        .param("groupBy", "area")
                        .with(authentication(new UsernamePasswordAuthenticationToken(
                                staff(branch, Role.SERVICE_AGENT), null, List.of()))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total.meters").value(4))
                .andExpect(jsonPath("$.total.registersRead").value(3))
                .andExpect(jsonPath("$.total.registerRate").value(75.00))
                .andExpect(jsonPath("$.groups[0].group").value(1))
                .andExpect(jsonPath("$.groups[0].registerRate").value(66.67))
                .andExpect(jsonPath("$.groups[0].intervalRate").value(50.00))
                .andExpect(jsonPath("$.groups[1].registerRate").value(100.00))
                .andExpect(jsonPath("$.groups[1].intervalRate").value(0.00));
    }

    @Test
    void refusesAnUnknownGrouping() throws Exception {
        mvc.perform(get("/api/v1/metering/collection-rate")
                        .param("day", "2026-07-01")
                        .param("groupBy", "feeder")
                        .with(authentication(new UsernamePasswordAuthenticationToken(
                                staff(aBranch(), Role.SERVICE_AGENT), null, List.of()))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("bad-group-by"));
    }

    @Test
    void namesEachBranchAndAreaFromTheGridSoThePageNeedsNoFurtherRequests() throws Exception {
        // the grid enrols its six meters (three in each area) as it installs them
        Topologies.Small t = Topologies.small(grid);
        long branch = t.branch().value();
        LocalDate day = LocalDate.of(2026, 7, 2);
        MeterEnrolment stray = aMeter(branch, -7);
        readings.enrol(List.of(stray));
        readings.store(new ReadingDelivery(
                UUID.randomUUID().toString(),
                ReadingSource.API,
                List.of(),
                List.of(RegisterRead.total(t.meters()[0], day, 1, null))));

        mvc.perform(get("/api/v1/metering/collection-rate")
                        .param("day", day.toString())
                        .param("groupBy", "area")
                        .with(as(staff(branch, Role.SERVICE_AGENT))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total.name").doesNotExist())
                .andExpect(jsonPath("$.groups.length()").value(3))
                .andExpect(
                        jsonPath("$.groups[?(@.group == %d)].name", t.area1()).value("城东1号台区"))
                .andExpect(
                        jsonPath("$.groups[?(@.group == %d)].code", t.area2()).value("A2" + tagOf(t)))
                .andExpect(jsonPath("$.groups[?(@.group == %d)].registerRate", t.area1())
                        .value(33.33))
                .andExpect(
                        jsonPath("$.groups[?(@.group == %d)].meters", t.area2()).value(3))
                .andExpect(jsonPath("$.groups[?(@.group == -7)].meters").value(1));
        assertThat(rates.report(day, GroupBy.AREA, List.of(branch)).groups())
                .filteredOn(r -> r.group() == -7)
                .singleElement()
                .satisfies(r -> assertThat(r.name()).isNull());
        mvc.perform(get("/api/v1/metering/collection-rate")
                        .param("day", day.toString())
                        .param("groupBy", "branch")
                        .with(as(staff(branch, Role.SERVICE_AGENT))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.groups.length()").value(1))
                .andExpect(jsonPath("$.groups[0].name").value("测试供电所" + tagOf(t)))
                .andExpect(jsonPath("$.groups[0].code").value("B" + tagOf(t)))
                .andExpect(jsonPath("$.groups[0].meters").value(7));
    }

    @Test
    void eachDayOfARangeEqualsThatDaysReport() {
        long branch = aBranch(), other = aBranch();
        LocalDate first = LocalDate.of(2026, 6, 27);
        Random random = new Random(branch);
        List<MeterEnrolment> meters = new ArrayList<>();
        for (int k = 0; k < 12; k++) meters.add(aMeter(k < 9 ? branch : other, 1 + k % 3));
        readings.enrol(meters);
        List<IntervalDay> intervals = new ArrayList<>();
        List<RegisterRead> registers = new ArrayList<>();
        // readings from the second day to the sixth of eight (June into July): the first and last days have none
        for (int d = 1; d < 6; d++) {
            LocalDate day = first.plusDays(d);
            for (MeterEnrolment m : meters) {
                if (random.nextInt(4) > 0) {
                    int from = random.nextInt(96);
                    char q = "MEDA".charAt(random.nextInt(4));
                    intervals.add(withSlots(fullDay(m.meterId(), day, 2), from, 96, q, q == 'M' ? 0 : 3));
                }
                int r = random.nextInt(3);
                if (r == 1) registers.add(RegisterRead.total(m.meterId(), day, 100 + d, null));
                if (r == 2) registers.add(estimated(m.meterId(), day, 100 + d));
            }
        }
        readings.store(new ReadingDelivery(UUID.randomUUID().toString(), ReadingSource.API, intervals, registers));
        LocalDate last = first.plusDays(7);

        CollectionRates.RangeReport range = rates.range(first, last, List.of(branch, other), true);

        assertThat(range.days())
                .extracting(CollectionRates.DayRate::day)
                .containsExactlyElementsOf(first.datesUntil(last.plusDays(1)).toList());
        for (CollectionRates.DayRate d : range.days()) {
            CollectionRates.Report byBranch = rates.report(d.day(), GroupBy.BRANCH, List.of(branch, other));
            assertThat(d.total()).as("total of %s", d.day()).isEqualTo(byBranch.total());
            assertThat(d.branches()).as("branches of %s", d.day()).isEqualTo(byBranch.groups());
            CollectionRates.Report mine = rates.report(d.day(), GroupBy.AREA, List.of(branch));
            assertThat(rates.range(d.day(), d.day(), List.of(branch), false)
                            .days()
                            .getFirst()
                            .total())
                    .isEqualTo(mine.total());
        }
        Rate quiet = range.days().getFirst().total();
        assertThat(quiet.meters()).isEqualTo(12);
        assertThat(quiet.registersRead()).isZero();
        assertThat(quiet.registerRate()).isEqualByComparingTo("0");
        assertThat(quiet.intervalRate()).isEqualByComparingTo("0");
        assertThat(range.days().get(3).total().slotsActual()).isPositive();
    }

    @Test
    void aRangeCountsOnlyActiveMetersOfTheCallersBranches() throws Exception {
        long branch = aBranch(), other = aBranch();
        LocalDate day = LocalDate.of(2026, 7, 3);
        MeterEnrolment mine = aMeter(branch, 1), retired = aMeter(branch, 1), theirs = aMeter(other, 1);
        readings.enrol(List.of(mine, retired, theirs));
        jdbc.sql("update metering.meter set active = false where meter_id = ?")
                .param(retired.meterId())
                .update();
        readings.store(new ReadingDelivery(
                UUID.randomUUID().toString(),
                ReadingSource.API,
                List.of(fullDay(theirs.meterId(), day, 1), fullDay(retired.meterId(), day, 1)),
                List.of(
                        RegisterRead.total(theirs.meterId(), day, 1, null),
                        RegisterRead.total(retired.meterId(), day, 1, null))));

        mvc.perform(get("/api/v1/metering/collection-rate/daily")
                        .param("from", day.minusDays(1).toString())
                        .param("to", day.toString())
                        .with(as(staff(branch, Role.SERVICE_AGENT))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.from").value(day.minusDays(1).toString()))
                .andExpect(jsonPath("$.days.length()").value(2))
                .andExpect(jsonPath("$.days[1].day").value(day.toString()))
                .andExpect(jsonPath("$.days[1].total.meters").value(1))
                .andExpect(jsonPath("$.days[1].total.registersRead").value(0))
                .andExpect(jsonPath("$.days[1].total.registerRate").value(0.00))
                .andExpect(jsonPath("$.days[1].total.slotsActual").value(0))
                .andExpect(jsonPath("$.days[1].branches").doesNotExist());

        Actor everywhere = new Actor(
                new UserId(1), Actor.Kind.STAFF, "Chief", Set.of(Role.ADMINISTRATOR, Role.SERVICE_AGENT), Set.of());
        mvc.perform(get("/api/v1/metering/collection-rate/daily")
                        .param("from", day.toString())
                        .param("to", day.toString())
                        .param("perBranch", "true")
                        .with(as(everywhere)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.days[0].branches[?(@.group == %d)].registersRead", other)
                        .value(1))
                .andExpect(jsonPath("$.days[0].branches[?(@.group == %d)].meters", branch)
                        .value(1));

        Actor nowhere = new Actor(
                new UserId(2), Actor.Kind.STAFF, "New", Set.of(Role.SERVICE_AGENT), Set.of(new BranchId(aBranch())));
        mvc.perform(get("/api/v1/metering/collection-rate/daily")
                        .param("from", day.toString())
                        .param("to", day.toString())
                        .with(as(nowhere)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.days[0].total.meters").value(0))
                .andExpect(jsonPath("$.days[0].total.registerRate").doesNotExist());
    }

    @Test
    void refusesARangeBackwardsOrLongerThanNinetyTwoDays() throws Exception {
        Actor agent = staff(aBranch(), Role.SERVICE_AGENT);
        mvc.perform(get("/api/v1/metering/collection-rate/daily")
                        .param("from", "2026-07-02")
                        .param("to", "2026-07-01")
                        .with(as(agent)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("bad-rate-range"))
                .andExpect(jsonPath("$.title").value("日期范围有误"));
        mvc.perform(get("/api/v1/metering/collection-rate/daily")
                        .param("from", "2026-01-01")
                        .param("to", "2026-04-03")
                        .header("Accept-Language", "en")
                        .with(as(agent)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("bad-rate-range"))
                .andExpect(jsonPath("$.detail")
                        .value("Give both a start and an end; the end may not be before the start,"
                                + " and the range is at most 92 days."));
        mvc.perform(get("/api/v1/metering/collection-rate/daily")
                        .param("from", "2026-01-01")
                        .param("to", "2026-04-02")
                        .with(as(agent)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.days.length()").value(CollectionRates.MAX_RANGE_DAYS));
        mvc.perform(get("/api/v1/metering/collection-rate/daily")
                        .param("from", "2026-01-01")
                        .with(as(agent)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/metering/collection-rate/daily")
                        .param("from", "2026-13-01")
                        .param("to", "2026-12-01")
                        .with(as(agent)))
                .andExpect(status().isBadRequest());
    }

    @Test
    void aRangeNeedsMeterReadPermission() throws Exception {
        mvc.perform(get("/api/v1/metering/collection-rate/daily")
                        .param("from", "2026-07-01")
                        .param("to", "2026-07-01")
                        .with(as(new Actor(new UserId(3), Actor.Kind.CUSTOMER, "Customer", Set.of(), Set.of()))))
                .andExpect(status().isForbidden());
    }

    private static RegisterRead estimated(long meterId, LocalDate day, long total) {
        return new RegisterRead(
                meterId, day, total, null, null, null, null, null, null, null, Quality.ESTIMATED, null, null);
    }

    private static String tagOf(Topologies.Small t) {
        return t.assetNumbers()[0].substring(1, 9);
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor as(Actor actor) {
        return authentication(new UsernamePasswordAuthenticationToken(actor, null, List.of()));
    }
}
