package io.gridhall.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridhall.grid.Grid;
import io.gridhall.notification.internal.DevInbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole portal door, over HTTP with real cookies, CSRF and the SMS that the notification module
 * delivers: a phone the utility kept accounts for signs up and sees them at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PortalSignUpTests {

    @LocalServerPort
    int port;

    @Autowired
    Customers customers;

    @Autowired
    Grid grid;

    @Autowired
    DevInbox devInbox;

    final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new io.gridhall.testing.LocalhostCookies())
            .build();

    @Test
    void aNewPortalUserSeesTheAccountsKeptForTheirPhone() throws Exception {
        Households.Household home = Households.household(customers, grid);
        customers.prebind(home.phone(), home.accountId());

        String csrf = csrfToken();
        assertThat(post(
                                "/api/v1/auth/customer/otp",
                                "{\"phone\":\"" + home.phone() + "\"" + io.gridhall.identity.IdentityWebTest.CONSENT
                                        + "}",
                                csrf)
                        .statusCode())
                .isEqualTo(202);
        String code = await().atMost(Duration.ofSeconds(15)).until(() -> lastCode(home.phone()), c -> c != null);
        HttpResponse<String> signIn = post(
                "/api/v1/auth/customer/sign-in",
                "{\"phone\":\"" + home.phone() + "\",\"code\":\"" + code + "\"}",
                csrf);
        assertThat(signIn.statusCode()).isEqualTo(200);

        HttpResponse<String> accounts = get("/api/v1/portal/accounts");
        assertThat(accounts.statusCode()).isEqualTo(200);
        assertThat(accounts.body()).contains(home.accountNumber()).doesNotContain(home.phone());
    }

    private String lastCode(String phone) {
        return devInbox.latest(phone, null, 1).stream()
                .findFirst()
                .map(DevInbox.Entry::body)
                .map(body -> {
                    Matcher m = Pattern.compile("(\\d{6})").matcher(body);
                    return m.find() ? m.group(1) : null;
                })
                .orElse(null);
    }

    private String csrfToken() throws Exception {
        HttpResponse<String> r = get("/api/v1/auth/csrf");
        Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json, String csrf) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "application/json")
                        .header("X-XSRF-TOKEN", csrf)
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
