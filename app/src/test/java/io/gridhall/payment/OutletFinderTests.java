package io.gridhall.payment;

import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.testing.Actors;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

@PaymentTest
class OutletFinderTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Outlets outlets;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    BranchId branch;
    // a place of its own far from every other test's outlets: each test searches around it
    BigDecimal lat;
    BigDecimal lon;

    @BeforeEach
    void place() {
        branch = new BranchId(ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2));
        lat = BigDecimal.valueOf(ThreadLocalRandom.current().nextInt(-600, 600), 1);
        lon = BigDecimal.valueOf(ThreadLocalRandom.current().nextInt(-1700, 1700), 1);
    }

    Outlet at(String name, OutletKind kind, String dLat, String dLon, OpeningHours hours) {
        return new Outlet(
                0,
                branch,
                kind,
                name,
                "测试路 1 号",
                "0571-12345678",
                new Position(lat.add(new BigDecimal(dLat)), lon.add(new BigDecimal(dLon))),
                hours,
                true,
                0);
    }

    @Test
    void findsTheNearestFirstWithinTheRadiusAndOfTheKindAsked() {
        OpeningHours always = OpeningHours.daily("00:00-24:00");
        outlets.load(List.of(
                at("far", OutletKind.BUSINESS_HALL, "0.05", "0", always), // ~5.6 km north
                at("near", OutletKind.AGENT, "0.001", "0", always), // ~111 m
                at("middle", OutletKind.SELF_SERVICE, "0", "0.01", always),
                at("outside", OutletKind.BUSINESS_HALL, "0.5", "0", always))); // ~56 km
        Position here = new Position(lat, lon);
        List<Outlet.Nearby> found = outlets.nearest(here, null, 30_000, 10);
        assertThat(found).extracting(n -> n.outlet().name()).containsExactly("near", "middle", "far");
        assertThat(found.getFirst().metres()).isBetween(105L, 118L);
        assertThat(found.get(2).metres()).isBetween(5_400L, 5_700L);
        assertThat(outlets.nearest(here, OutletKind.BUSINESS_HALL, 30_000, 10))
                .extracting(n -> n.outlet().name())
                .containsExactly("far");
        assertThat(outlets.nearest(here, null, 100_000, 2)).hasSize(2);
        assertThat(outlets.nearest(here, null, 100_000, 10)).hasSize(4);
    }

    @Test
    void theSearchUsesTheLocationIndex() {
        String plan = tx.execute(s -> {
            jdbc.sql("set local enable_seqscan = off").update();
            return String.join("\n", jdbc.sql("""
                                    explain select outlet_id from payment.outlet where active and
                                    public.earth_box(public.ll_to_earth(30.2, 120.1), 5000) @> public.ll_to_earth(lat::float8, lon::float8)""").query(String.class).list());
        });
        assertThat(plan).contains("outlet_location");
    }

    @Test
    void aCustomerWithoutAPositionSearchesAroundTheirAccountsArea() throws Exception {
        Accounts.Household h = Accounts.household(customers, 1);
        branch = h.branch();
        OpeningHours always = OpeningHours.daily("00:00-24:00");
        outlets.load(List.of(
                at("hall", OutletKind.BUSINESS_HALL, "0.01", "0.01", always),
                at("bank", OutletKind.BANK_BRANCH, "-0.01", "-0.01", always)));
        Actor customer = Actors.customer();
        customers.bind(customer.userId(), h.first());
        mvc.perform(get("/api/v1/payment/outlets")
                        .param("accountId", String.valueOf(h.first()))
                        .with(as(customer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.from").value("ACCOUNT_AREA"))
                .andExpect(jsonPath("$.lat").value(lat.doubleValue()))
                .andExpect(jsonPath("$.outlets.length()").value(2))
                .andExpect(jsonPath("$.outlets[0].openNow").value(true));
        // an account that is not theirs is unknown
        Accounts.Household other = Accounts.household(customers, 1);
        mvc.perform(get("/api/v1/payment/outlets")
                        .param("accountId", String.valueOf(other.first()))
                        .with(as(customer)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/payment/outlets").with(as(customer))).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/payment/outlets")
                        .param("lat", "91")
                        .param("lon", "120")
                        .header("Accept-Language", "en")
                        .with(as(customer)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("position-invalid"))
                .andExpect(jsonPath("$.title").value("Invalid position"));
        mvc.perform(get("/api/v1/payment/outlets")
                        .param("lat", "30")
                        .param("lon", "120")
                        .param("radiusKm", "500")
                        .with(as(customer)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("outlet-radius"))
                .andExpect(jsonPath("$.title").value("范围有误"));
    }

    String body(long branchId, String name, String hours) {
        return """
                {"branchId": %d, "kind": "BUSINESS_HALL", "name": "%s", "address": "富春路 8 号",
                 "phone": "0571-88880000", "lat": "%s", "lon": "%s", "hours": [%s], "active": true}""".formatted(branchId, name, lat.toPlainString(), lon.toPlainString(), hours);
    }

    static final String WEEK =
            "\"08:30-17:30\",\"08:30-17:30\",\"08:30-17:30\",\"08:30-17:30\",\"08:30-17:30\",\"\",\"\"";

    @Test
    void staffManageTheOutletsOfTheirBranchesOnlyAndEveryChangeIsAudited() throws Exception {
        Actor clerk = Actors.staff(branch, Role.COUNTER_CLERK);
        String created = mvc.perform(post("/api/v1/payment/outlets")
                        .with(csrf())
                        .with(as(clerk))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body(branch.value(), "城关营业厅", WEEK)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.version").value(0))
                .andExpect(jsonPath("$.hours[5]").value(""))
                .andReturn()
                .getResponse()
                .getContentAsString();
        long id = Long.parseLong(created.replaceAll(".*\"id\":(\\d+).*", "$1"));

        // another branch: refused as unknown
        BranchId otherBranch = new BranchId(branch.value() + 1);
        mvc.perform(post("/api/v1/payment/outlets")
                        .with(csrf())
                        .with(as(clerk))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body(otherBranch.value(), "别处", WEEK)))
                .andExpect(status().isNotFound());
        Actor stranger = Actors.staff(otherBranch, Role.COUNTER_CLERK);
        mvc.perform(put("/api/v1/payment/outlets/" + id)
                        .param("version", "0")
                        .with(csrf())
                        .with(as(stranger))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body(branch.value(), "改名", WEEK)))
                .andExpect(status().isNotFound());
        // bad hours
        mvc.perform(post("/api/v1/payment/outlets")
                        .with(csrf())
                        .with(as(clerk))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body(branch.value(), "坏时间", WEEK.replace("08:30-17:30", "17:30-08:30"))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("opening-hours-invalid"));

        mvc.perform(put("/api/v1/payment/outlets/" + id)
                        .param("version", "0")
                        .with(csrf())
                        .with(as(clerk))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body(branch.value(), "城关中心营业厅", WEEK)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(1));
        // a change made to the old version comes too late
        mvc.perform(put("/api/v1/payment/outlets/" + id)
                        .param("version", "0")
                        .with(csrf())
                        .with(as(clerk))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body(branch.value(), "又改", WEEK)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("outlet-changed"));
        mvc.perform(get("/api/v1/payment/outlets/managed").with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].name").value("城关中心营业厅"));
        mvc.perform(get("/api/v1/payment/outlets/managed").with(as(stranger)))
                .andExpect(jsonPath("$.length()").value(0));
        List<String> actions = new ArrayList<>(jdbc.sql(
                        "select action from identity.audit_log where object_type = 'outlet' and object_id = :id order by id")
                .param("id", String.valueOf(id))
                .query(String.class)
                .list());
        assertThat(actions).containsExactly("payment.outlet-open", "payment.outlet-change");
        assertThat(outlets.outlet(id).orElseThrow().name()).isEqualTo("城关中心营业厅");
    }
}
