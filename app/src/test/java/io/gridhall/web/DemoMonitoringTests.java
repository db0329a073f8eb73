package io.gridhall.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Issue 7: the demo keeps metrics and the API description open, and its cookies follow the request (plain HTTP here). */
class DemoMonitoringTests extends DemoWebTest {

    HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAndTheApiDescriptionAreOpenInTheDemo() throws Exception {
        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_");
        HttpResponse<String> api = get("/v3/api-docs");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"paths\"");
        assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"").doesNotContain("components");
    }

    @Test
    void theSessionCookieIsSecureOnlyWhenTheRequestCameOverTls() throws Exception {
        HttpResponse<String> plain = get("/api/v1/auth/csrf");
        assertThat(plain.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("SESSION=").doesNotContain("Secure"));
        HttpResponse<String> proxied = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/v1/auth/csrf"))
                        .header("X-Forwarded-Proto", "https")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(proxied.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("SESSION=").contains("Secure"));
    }
}
