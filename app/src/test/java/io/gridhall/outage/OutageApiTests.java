package io.gridhall.outage;

import static io.gridhall.testing.Actors.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.notification.Notifications;
import io.gridhall.testing.Actors;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class OutageApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Grid grid;

    @Autowired
    Customers customers;

    @Autowired
    Notifications notifications;

    Neighbourhoods.Neighbourhood n;
    Actor dispatcher;

    @BeforeEach
    void neighbourhood() {
        n = Neighbourhoods.neighbourhood(grid, customers, notifications);
        dispatcher = Actors.staff(n.grid().branch(), Role.REPAIR_DISPATCHER);
    }

    private String fault(long areaId) {
        OffsetDateTime start =
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(20).truncatedTo(ChronoUnit.SECONDS);
        return """
                {"nodes": [{"type": "area", "id": %d}], "cause": "台区低压线路故障",
                 "startsAt": "%s", "expectedRestorationAt": "%s"}""".formatted(areaId, start, start.plusHours(3));
    }

    @Test
    void aDispatcherOpensAFaultAndTheCustomersBelowSeeItOnTheirPageAndMap() throws Exception {
        mvc.perform(post("/api/v1/outages/faults")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(fault(n.grid().area1()))
                        .with(as(dispatcher))
                        .with(csrf()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("PUBLISHED"))
                .andExpect(jsonPath("$.affectedAccounts").value(2));
        mvc.perform(get("/api/v1/outages/map")
                        .param("branch", "" + n.grid().branch().value())
                        .with(as(dispatcher)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.features.length()").value(1))
                .andExpect(jsonPath("$.features[0].properties.name").value("城东1号台区"));

        // user 1 is bound to account 1 (area 1): told, and sees it; user 3 (account 3, area 2) sees nothing
        Actor affected = new Actor(new UserId(n.users()[1]), Actor.Kind.CUSTOMER, "客户", Set.of(), Set.of());
        Actor spared = new Actor(new UserId(n.users()[3]), Actor.Kind.CUSTOMER, "客户", Set.of(), Set.of());
        mvc.perform(get("/api/v1/portal/outages").with(as(affected)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].outages.length()").value(1))
                .andExpect(jsonPath("$[0].outages[0].kind").value("FAULT"))
                .andExpect(jsonPath("$[0].outages[0].places[0]").value("城东1号台区"))
                .andExpect(jsonPath("$[0].outages[0].draftedBy").doesNotExist());
        mvc.perform(get("/api/v1/portal/outages").with(as(spared)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].outages.length()").value(0));
        mvc.perform(get("/api/v1/portal/outages/map").with(as(spared)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.features.length()").value(1));
        mvc.perform(get("/api/v1/portal/outages").with(as(dispatcher))).andExpect(status().isForbidden());
    }

    @Test
    void badInputIsAProblemInTheCallersLanguageAndForeignBranchesAreNotFound() throws Exception {
        mvc.perform(post("/api/v1/outages/faults")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"nodes\": [], \"cause\": \"\"}")
                        .header("Accept-Language", "en")
                        .with(as(dispatcher))
                        .with(csrf()))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/outages")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\": \"PLANNED\", \"details\": "
                                + fault(n.grid().area1()) + "}")
                        .header("Accept-Language", "en")
                        .with(as(dispatcher))
                        .with(csrf()))
                .andExpect(status().isCreated());
        Actor stranger = Actors.staff(new BranchId(n.grid().branch().value() + 1_000_000), Role.BRANCH_MANAGER);
        mvc.perform(post("/api/v1/outages/faults")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(fault(n.grid().area1()))
                        .with(as(stranger))
                        .with(csrf()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not-found"));
        mvc.perform(get("/api/v1/outages")
                        .param("branch", "" + n.grid().branch().value())
                        .with(as(stranger)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/outages/999999999").with(as(dispatcher)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").exists());
        mvc.perform(get("/api/v1/outages")
                        .param("branch", "" + n.grid().branch().value())
                        .header("Accept-Language", "en")
                        .with(as(Actors.staff(n.grid().branch(), Role.COUNTER_CLERK))))
                .andExpect(status().isForbidden());
    }

    @Test
    void publishingTooEarlyNamesTheNoticePeriodInTheCallersLanguage() throws Exception {
        String body = "{\"kind\": \"PLANNED\", \"details\": " + fault(n.grid().area2()) + "}";
        String created = mvc.perform(post("/api/v1/outages")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body)
                        .with(as(dispatcher))
                        .with(csrf()))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = String.valueOf(JsonPath.<Number>read(created, "$.id"));
        Actor approver = Actors.staff(n.grid().branch(), Role.BRANCH_MANAGER);
        mvc.perform(post("/api/v1/outages/" + id + "/approve")
                        .with(as(approver))
                        .with(csrf()))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/outages/" + id + "/publish")
                        .header("Accept-Language", "en")
                        .with(as(dispatcher))
                        .with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("outage-notice-too-short"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("168 hours")));
    }
}
