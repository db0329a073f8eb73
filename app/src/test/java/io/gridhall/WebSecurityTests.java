package io.gridhall;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 7, as production runs (the test profile keeps production's web settings): metrics and the API description
 * need the monitoring permission, health answers load balancers without details, every answer carries the security
 * headers, and the session cookie is Secure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class WebSecurityTests {

    @LocalServerPort
    int port;

    @Value("${gridhall.monitoring.token}")
    String token;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (headers.length > 0) request.headers(headers);
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAndTheApiDescriptionAreClosedToAnonymousCallers() throws Exception {
        for (String path :
                List.of("/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/swagger-config", "/actuator/info")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
            assertThat(r.body()).contains("not-signed-in").doesNotContain("jvm_", "\"paths\"");
        }
        HttpResponse<String> wrong = get("/actuator/prometheus", "Authorization", "Bearer " + token + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> basic = get("/actuator/prometheus", "Authorization", "Basic " + token);
        assertThat(basic.statusCode()).isEqualTo(401);
    }

    @Test
    void aScraperWithTheMonitoringTokenReadsMetricsAndTheApiDescription() throws Exception {
        HttpResponse<String> metrics = get("/actuator/prometheus", "Authorization", "Bearer " + token);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_");
        // ADR 0023: each after-commit worker's queue depth and drops, by name
        assertThat(metrics.body().lines())
                .anyMatch(l -> l.startsWith("gridhall_worker_waiting{") && l.contains("worker=\"audit-chain\""))
                .anyMatch(
                        l -> l.startsWith("gridhall_worker_waiting{") && l.contains("worker=\"gateway-refund-sender\""))
                .anyMatch(
                        l -> l.startsWith("gridhall_worker_dropped_total{") && l.contains("worker=\"meter-command\""));
        HttpResponse<String> api = get("/v3/api-docs", "Authorization", "bearer " + token);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"paths\"");
        assertThat(metrics.headers().allValues("Set-Cookie"))
                .as("the token never makes a session")
                .isEmpty();
        assertThat(get("/api/v1/customers", "Authorization", "Bearer " + token).statusCode())
                .as("the token opens monitoring only")
                .isEqualTo(401);
    }

    @Test
    void healthAnswersLoadBalancersWithoutDetails() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).contains("\"status\":\"UP\"").doesNotContain("components", "details", "db");
        }
        assertThat(get("/actuator/health", "Authorization", "Bearer " + token).body())
                .contains("components", "db");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/console/", "/api/v1/auth/csrf", "/api/v1/customers")) {
            HttpResponse<String> r = get(path);
            assertThat(r.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains(
                                    "default-src 'self'",
                                    "script-src 'self'",
                                    "frame-ancestors 'none'",
                                    "object-src 'none'")
                            .doesNotContain("unsafe-eval")
                            .doesNotContain("script-src 'self' 'unsafe-inline'"));
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
            assertThat(r.headers().firstValue("Permissions-Policy"))
                    .as(path)
                    .hasValueSatisfying(p -> assertThat(p).contains("camera=()", "geolocation=()"));
            assertThat(r.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .hasValue("nosniff");
        }
    }

    @Test
    void theSessionCookieIsSecureHttpOnlyAndLaxAndThereIsNoCsrfCookie() throws Exception {
        HttpResponse<String> r = get("/api/v1/auth/csrf");
        List<String> cookies = r.headers().allValues("Set-Cookie");
        assertThat(cookies)
                .anySatisfy(c -> assertThat(c).startsWith("SESSION=").contains("Secure", "HttpOnly", "SameSite=Lax"));
        assertThat(cookies).noneSatisfy(c -> assertThat(c).startsWith("XSRF-TOKEN"));
    }
}
