package io.gridhall.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.identity.internal.TotpCodes;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Issue 7: staff read metrics with the MONITORING permission (administrators), not merely by being signed in. */
class MonitoringAccessTests extends IdentityWebTest {

    static final String SECRET = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U";

    @Autowired
    StaffDirectory directory;

    Browser signedIn(Role role) throws Exception {
        String username = "mon-" + UUID.randomUUID().toString().substring(0, 8);
        directory.create(new StaffDirectory.NewStaff(
                username, "监控", "Secret-123", SECRET, Set.of(role), Set.of(new BranchId(1))));
        Browser b = browser();
        b.post("/api/v1/auth/staff/sign-in", "{\"username\":\"" + username + "\",\"password\":\"Secret-123\"}");
        int status = b.post("/api/v1/auth/staff/totp", "{\"code\":\"" + TotpCodes.at(SECRET, clock.instant()) + "\"}")
                .getResponse()
                .getStatus();
        assertThat(status).isEqualTo(200);
        return b;
    }

    @Test
    void administratorsReadMetricsAndOtherStaffDoNot() throws Exception {
        Browser admin = signedIn(Role.ADMINISTRATOR);
        assertThat(admin.get("/actuator/prometheus").getResponse().getStatus()).isEqualTo(200);
        assertThat(admin.get("/v3/api-docs").getResponse().getStatus()).isEqualTo(200);
        assertThat(admin.get("/api/v1/auth/me").getResponse().getContentAsString())
                .contains("MONITORING");

        Browser clerk = signedIn(Role.COUNTER_CLERK);
        var refused = clerk.get("/actuator/prometheus").getResponse();
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.getContentAsString()).contains("access-denied");
        assertThat(clerk.get("/v3/api-docs").getResponse().getStatus()).isEqualTo(403);
    }
}
