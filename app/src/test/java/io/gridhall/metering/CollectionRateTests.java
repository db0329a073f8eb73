package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.identity.Role;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;

@MeteringTest
class CollectionRateTests {

    @Autowired
    MeterReadings readings;

    @Autowired
    MockMvc mvc;

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
}
