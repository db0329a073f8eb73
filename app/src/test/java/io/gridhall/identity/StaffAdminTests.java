package io.gridhall.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.jayway.jsonpath.JsonPath;
import io.gridhall.identity.internal.TotpCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

class StaffAdminTests extends IdentityWebTest {

    static final String SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Autowired
    StaffDirectory directory;

    static final Actor admin = new Actor(new UserId(1), Actor.Kind.STAFF, "管理员", Set.of(Role.ADMINISTRATOR), Set.of());
    static final Actor clerk =
            new Actor(new UserId(2), Actor.Kind.STAFF, "柜员", Set.of(Role.COUNTER_CLERK), Set.of(new BranchId(1)));

    MvcResult as(Actor actor, MockHttpServletRequestBuilder request) throws Exception {
        // A session and its token like the browser's: the csrf() post-processor would swap the token repository
        // of the shared filter chain and break the session-bound tests that run after it in this context.
        Browser b = browser();
        String token = b.fetchCsrf();
        return mvc.perform(request.with(authentication(new UsernamePasswordAuthenticationToken(actor, null, List.of())))
                        .cookie(new jakarta.servlet.http.Cookie("SESSION", b.session()))
                        .header("X-XSRF-TOKEN", token))
                .andReturn();
    }

    static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder r, String body) {
        return r.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void administratorsCreateStaffWhoCanThenSignIn() throws Exception {
        String username = unique("agent");
        MvcResult created = as(admin, json(post("/api/v1/staff"), """
                {"username":"%s","displayName":"李坐席","password":"Start-2024","roles":["SERVICE_AGENT"],"branches":[3]}
                """.formatted(username)));
        assertThat(created.getResponse().getStatus())
                .as(created.getResponse().getContentAsString())
                .isEqualTo(201);
        String uri = JsonPath.read(created.getResponse().getContentAsString(), "$.totpUri");
        assertThat(uri).startsWith("otpauth://totp/GridHall:" + username + "?secret=");
        String secret = uri.replaceAll(".*secret=([A-Z2-7]+).*", "$1");

        Browser b = browser();
        b.post("/api/v1/auth/staff/sign-in", "{\"username\":\"" + username + "\",\"password\":\"Start-2024\"}");
        MvcResult done =
                b.post("/api/v1/auth/staff/totp", "{\"code\":\"" + TotpCodes.at(secret, clock.instant()) + "\"}");
        assertThat(done.getResponse().getStatus()).isEqualTo(200);
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM identity.audit_log WHERE action = 'staff.create' AND actor_id = 1 AND details LIKE ?")
                        .param("%" + username + "%")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void othersMayNotAdministerStaff() throws Exception {
        assertThat(as(clerk, get("/api/v1/staff")).getResponse().getStatus()).isEqualTo(403);
        MvcResult r = as(clerk, json(post("/api/v1/staff"), """
                {"username":"%s","displayName":"x","password":"Start-2024","roles":["ADMINISTRATOR"],"branches":[1]}
                """.formatted(unique("sneaky"))));
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat(r.getResponse().getContentAsString()).contains("permission-required");
    }

    @Test
    void refusesWeakPasswordsAndTakenUsernames() throws Exception {
        String username = unique("dup");
        String body = """
                {"username":"%s","displayName":"x","password":"%s","roles":[],"branches":[]}
                """;
        assertThat(as(admin, json(post("/api/v1/staff"), body.formatted(username, "short1")))
                        .getResponse()
                        .getContentAsString())
                .contains("password-weak");
        assertThat(as(admin, json(post("/api/v1/staff"), body.formatted(username, "Start-2024")))
                        .getResponse()
                        .getStatus())
                .isEqualTo(201);
        MvcResult again = as(admin, json(post("/api/v1/staff"), body.formatted(username, "Start-2024")));
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(again.getResponse().getContentAsString()).contains("username-taken");
    }

    @Test
    void disablingEndsTheSessionsAndStopsSignIn() throws Exception {
        String username = unique("leaver");
        long id = directory
                .create(new StaffDirectory.NewStaff(
                        username, "离职者", "Secret-123", SECRET, Set.of(Role.SERVICE_AGENT), Set.of(new BranchId(5))))
                .value();
        Browser b = browser();
        b.post("/api/v1/auth/staff/sign-in", "{\"username\":\"" + username + "\",\"password\":\"Secret-123\"}");
        b.post("/api/v1/auth/staff/totp", "{\"code\":\"" + TotpCodes.at(SECRET, clock.instant()) + "\"}");
        assertThat(b.get("/api/v1/auth/me").getResponse().getStatus()).isEqualTo(200);

        assertThat(as(admin, post("/api/v1/staff/" + id + "/disable"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(204);
        assertThat(b.get("/api/v1/auth/me").getResponse().getStatus()).isEqualTo(401);
        assertThat(browser()
                        .post(
                                "/api/v1/auth/staff/sign-in",
                                "{\"username\":\"" + username + "\",\"password\":\"Secret-123\"}")
                        .getResponse()
                        .getStatus())
                .isEqualTo(401);
        assertThat(jdbc.sql("SELECT count(*) FROM identity.audit_log WHERE action = 'staff.disable' AND object_id = ?")
                        .param(Long.toString(id))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void resetsPasswordsAndSetsAccessWithAuditRows() throws Exception {
        String username = unique("mover");
        long id = directory
                .create(new StaffDirectory.NewStaff(
                        username, "调动者", "Secret-123", null, Set.of(Role.COUNTER_CLERK), Set.of(new BranchId(1))))
                .value();
        assertThat(as(admin, json(post("/api/v1/staff/" + id + "/password"), "{\"newPassword\":\"Fresh-4567\"}"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(204);
        assertThat(as(
                                admin,
                                json(
                                        put("/api/v1/staff/" + id + "/access"),
                                        "{\"roles\":[\"BRANCH_MANAGER\"],\"branches\":[1,2]}"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(204);
        MvcResult list = as(admin, get("/api/v1/staff?size=200"));
        assertThat(list.getResponse().getContentAsString()).doesNotContain("password_hash", "totp");
        String details = jdbc.sql(
                        "SELECT details FROM identity.audit_log WHERE action = 'staff.access' AND object_id = ?")
                .param(Long.toString(id))
                .query(String.class)
                .single();
        assertThat(details)
                .contains(
                        "\"rolesBefore\":[\"COUNTER_CLERK\"]", "\"roles\":[\"BRANCH_MANAGER\"]", "\"branches\":[1,2]");
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM identity.audit_log WHERE action = 'staff.password-reset' AND object_id = ?")
                        .param(Long.toString(id))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void unknownStaffIsNotFound() throws Exception {
        assertThat(as(admin, post("/api/v1/staff/999999999/disable"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
    }

    @Test
    void createAllIsIdempotentByUsernameAndQuickForAHundred() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<StaffDirectory.NewStaff> staff = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            staff.add(new StaffDirectory.NewStaff(
                    "demo-" + run + "-" + i,
                    "员工" + i,
                    "Demo-2024",
                    null,
                    Set.of(Role.COUNTER_CLERK),
                    Set.of(new BranchId(i % 4))));
        }
        long start = System.nanoTime();
        List<UserId> first = directory.createAll(staff);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(first).hasSize(100).doesNotHaveDuplicates();
        assertThat(millis).as("100 staff in %d ms", millis).isLessThan(10_000);
        assertThat(directory.createAll(staff)).isEqualTo(first);
        assertThat(jdbc.sql("SELECT count(*) FROM identity.staff WHERE username LIKE ?")
                        .param("demo-" + run + "-%")
                        .query(Long.class)
                        .single())
                .isEqualTo(100);
    }
}
