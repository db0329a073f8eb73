package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.identity.Role;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@MeteringTest
class UsageAnalysisTests {

    @Autowired
    MeterReadings readings;

    @Autowired
    MockMvc mvc;

    long branch;
    long area;
    List<MeterEnrolment> peers;
    RequestPostProcessor agent;

    static RegisterRead reg(long meter, LocalDate day, long total, long t1, long t2, long t3, long t4) {
        return new RegisterRead(meter, day, total, t1, t2, t3, t4, 0L, null, null, Quality.ACTUAL, null, null);
    }

    @BeforeEach
    void sixNeighboursWithDifferentUse() {
        branch = aBranch();
        area = aBranch();
        peers = new ArrayList<>();
        for (int i = 0; i < 6; i++) peers.add(aMeter(branch, area));
        readings.enrol(peers);
        List<RegisterRead> regs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long m = peers.get(i).meterId();
            long perDay = 500L * (i + 1); // 5, 10, ... 30 kWh a day in 0.01 kWh
            for (int d = 0; d <= 61; d++) {
                LocalDate day = LocalDate.of(2026, 8, 31).plusDays(d);
                long total = 100_000 + perDay * d;
                regs.add(reg(
                        m,
                        day,
                        total,
                        total / 10,
                        total * 3 / 10,
                        total * 4 / 10,
                        total - total / 10 - total * 3 / 10 - total * 4 / 10));
            }
        }
        readings.store(new ReadingDelivery(
                UUID.randomUUID().toString(),
                ReadingSource.API,
                List.of(fullDay(peers.getFirst().meterId(), LocalDate.of(2026, 9, 5), 520)),
                regs));
        agent = authentication(
                new UsernamePasswordAuthenticationToken(staff(branch, Role.SERVICE_AGENT), null, List.of()));
    }

    @Test
    void showsDailyAndMonthlyUseFromRegisterDeltas() throws Exception {
        long m = peers.get(1).meterId();
        mvc.perform(get("/api/v1/metering/meters/{id}/usage/daily", m)
                        .param("from", "2026-09-01")
                        .param("to", "2026-09-03")
                        .with(agent))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(3))
                .andExpect(jsonPath("$[0].kwh").value(10.00))
                .andExpect(jsonPath("$[0].quality").value("ACTUAL"));
        mvc.perform(get("/api/v1/metering/meters/{id}/usage/monthly", m)
                        .param("from", "2026-09")
                        .param("to", "2026-10")
                        .with(agent))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].month").value("2026-09"))
                .andExpect(jsonPath("$[0].kwh").value(300.00))
                .andExpect(jsonPath("$[0].quality").value("ACTUAL"))
                .andExpect(jsonPath("$[1].kwh").value(310.00));
    }

    /** Issue 8: a month with data from its 4th day showed nothing, and a partial month was drawn as estimated. */
    @Test
    void aMonthTheMeterJoinedMidWayCountsFromItsFirstRegisterAsReadNotEstimated() throws Exception {
        long id = aMeterId();
        readings.enrol(
                List.of(new MeterEnrolment(id, String.format("%012d", id), branch, aBranch(), "RESIDENTIAL", "NONE")));
        List<RegisterRead> regs = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 9, 4); !d.isAfter(LocalDate.of(2026, 10, 31)); d = d.plusDays(1)) {
            long total =
                    1_000 + 1_000L * (d.toEpochDay() - LocalDate.of(2026, 9, 4).toEpochDay());
            regs.add(reg(id, d, total, 0, 0, total, 0));
        }
        readings.store(new ReadingDelivery(UUID.randomUUID().toString(), ReadingSource.API, List.of(), regs));
        mvc.perform(get("/api/v1/metering/meters/{id}/usage/monthly", id)
                        .param("from", "2026-08")
                        .param("to", "2026-10")
                        .with(agent))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].quality").value("MISSING"))
                .andExpect(jsonPath("$[1].kwh").value(260.00)) // 09-05 .. 09-30: 26 days of 10 kWh
                .andExpect(jsonPath("$[1].quality").value("ACTUAL"))
                .andExpect(jsonPath("$[1].from").value("2026-09-05"))
                .andExpect(jsonPath("$[1].to").value("2026-09-30"))
                .andExpect(jsonPath("$[1].complete").value(false))
                .andExpect(jsonPath("$[2].kwh").value(310.00))
                .andExpect(jsonPath("$[2].complete").value(true));
    }

    /** Issue 8: today's curve counted the slots still to come as missing. */
    @Test
    void slotsThatHaveNotEndedArePendingNotMissing() throws Exception {
        long m = peers.getFirst().meterId();
        LocalDate tomorrow = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(1);
        mvc.perform(get("/api/v1/metering/meters/{id}/usage/load-curve", m)
                        .param("day", tomorrow.toString())
                        .with(agent))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].quality").value("PENDING"))
                .andExpect(jsonPath("$[95].quality").value("PENDING"));
        mvc.perform(get("/api/v1/metering/meters/{id}/intervals", m)
                        .param("day", tomorrow.toString())
                        .with(agent))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.missing").value(0))
                .andExpect(jsonPath("$.pending").value(96));
        mvc.perform(get("/api/v1/metering/meters/{id}/intervals", m)
                        .param("day", "2026-09-06")
                        .with(agent))
                .andExpect(jsonPath("$.missing").value(96))
                .andExpect(jsonPath("$.pending").value(0));
    }

    @Test
    void showsTheLoadCurveAndTimeOfUseShares() throws Exception {
        long m = peers.getFirst().meterId();
        mvc.perform(get("/api/v1/metering/meters/{id}/usage/load-curve", m)
                        .param("day", "2026-09-05")
                        .with(agent))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(96))
                .andExpect(jsonPath("$[0].kwh").value(0.052))
                .andExpect(jsonPath("$[0].kw").value(0.208));
        mvc.perform(get("/api/v1/metering/meters/{id}/usage/tou", m)
                        .param("from", "2026-09-01")
                        .param("to", "2026-09-30")
                        .with(agent))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sharesPercent[0]").value(10.0))
                .andExpect(jsonPath("$.sharesPercent[2]").value(40.0));
    }

    @Test
    void comparesWithSimilarCustomersOfTheSameAreaByMedianAndQuartiles() throws Exception {
        long m = peers.get(5).meterId(); // the heaviest user
        mvc.perform(get("/api/v1/metering/meters/{id}/usage/comparison", m)
                        .param("from", "2026-09-01")
                        .param("to", "2026-09-30")
                        .with(agent))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.peerGroup").value("area"))
                .andExpect(jsonPath("$.peers").value(6))
                .andExpect(jsonPath("$.kwh").value(900.00))
                .andExpect(jsonPath("$.median").value(450.00))
                .andExpect(jsonPath("$.percentile").value(83.3));
    }

    @Test
    void noComparisonWithTooFewPeersAndNoUsageOfForeignMeters() throws Exception {
        long id = aMeterId();
        readings.enrol(
                List.of(new MeterEnrolment(id, String.format("%012d", id), branch, aBranch(), "INDUSTRIAL", "NONE")));
        readings.store(new ReadingDelivery(
                UUID.randomUUID().toString(),
                ReadingSource.API,
                List.of(),
                List.of(
                        reg(id, LocalDate.of(2026, 8, 31), 0, 0, 0, 0, 0),
                        reg(id, LocalDate.of(2026, 9, 30), 9, 0, 0, 0, 9))));
        mvc.perform(get("/api/v1/metering/meters/{id}/usage/comparison", id)
                        .param("from", "2026-09-01")
                        .param("to", "2026-09-30")
                        .with(agent))
                .andExpect(status().isNotFound());
        mvc.perform(get(
                                "/api/v1/metering/meters/{id}/usage/daily",
                                peers.getFirst().meterId())
                        .param("from", "2026-09-01")
                        .param("to", "2026-09-03")
                        .with(authentication(new UsernamePasswordAuthenticationToken(
                                staff(aBranch(), Role.SERVICE_AGENT), null, List.of()))))
                .andExpect(status().isNotFound());
    }
}
