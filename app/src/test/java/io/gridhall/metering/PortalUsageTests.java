package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.staff;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.Customers;
import io.gridhall.customer.IdNumbers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.Topologies;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@MeteringTest
class PortalUsageTests {

    @Autowired
    Grid grid;

    @Autowired
    Customers customers;

    @Autowired
    MeterReadings readings;

    @Autowired
    MockMvc mvc;

    static RequestPostProcessor as(Actor actor) {
        return authentication(new UsernamePasswordAuthenticationToken(actor, null, List.of()));
    }

    static String idNumber() {
        String first17 = "330106" + (1950 + ThreadLocalRandom.current().nextInt(50)) + "0615"
                + String.format("%03d", ThreadLocalRandom.current().nextInt(1000));
        return first17 + IdNumbers.checkCharacter(first17);
    }

    @Test
    void aCustomerSeesTheUsageOfABoundAccountOnly() throws Exception {
        long customer = customers.allocateCustomerIds(1)[0];
        long[] accounts = customers.allocateAccountIds(5);
        Topologies.Small t = Topologies.small(grid, accounts);
        long account = accounts[0];
        String digits = String.format("%09d", ThreadLocalRandom.current().nextLong(1_000_000_000L));
        customers.importRows(new Customers.ImportBatch(
                List.of(new Customers.CustomerRow(
                        customer,
                        t.branch(),
                        CustomerClass.COMMERCIAL,
                        CustomerKind.ORGANISATION,
                        "测试商户" + digits,
                        idNumber(),
                        null)),
                List.of(new Customers.AccountRow(
                        account,
                        "7" + digits,
                        customer,
                        "测试商户" + digits,
                        "测试路1号",
                        t.branch(),
                        "COMMERCIAL",
                        LocalDate.of(2020, 1, 1))),
                List.of(),
                List.of()));
        long meter = t.meters()[0]; // account 0 has meters 0 and 1: the first is shown
        readings.enrol(List.of(new MeterEnrolment(
                meter, t.commAddresses()[0], t.branch().value(), t.area1(), "RESIDENTIAL", "REMOTE")));
        List<RegisterRead> regs = new ArrayList<>();
        for (int d = 0; d <= 10; d++) {
            regs.add(RegisterRead.total(meter, LocalDate.of(2026, 9, 30).plusDays(d), 50_000 + 700L * d, null));
        }
        readings.store(new ReadingDelivery(UUID.randomUUID().toString(), ReadingSource.API, List.of(), regs));
        Actor me = new Actor(
                new UserId(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)),
                Actor.Kind.CUSTOMER,
                "客户",
                Set.of(),
                Set.of());
        customers.bind(me.userId(), account);

        mvc.perform(get("/api/v1/portal/accounts/{id}/usage", account)
                        .param("from", "2026-10-01")
                        .param("to", "2026-10-10")
                        .with(as(me)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.daily.length()").value(10))
                .andExpect(jsonPath("$.daily[0].kwh").value(7.00))
                .andExpect(jsonPath("$.loadCurve.length()").value(96))
                .andExpect(jsonPath("$.comparison").doesNotExist());

        mvc.perform(get("/api/v1/portal/accounts/{id}/usage", t.accounts()[2]).with(as(me)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/portal/accounts/{id}/usage", account)
                        .with(as(staff(t.branch().value(), Role.SERVICE_AGENT))))
                .andExpect(status().isForbidden());
    }
}
