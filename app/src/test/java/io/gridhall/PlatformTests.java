package io.gridhall;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PlatformTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void runsOnPostgresql18WithThePlatformSchemaMigrated() {
        String version = jdbc.sql("show server_version").query(String.class).single();
        assertThat(version).startsWith("18.");
        assertThat(jdbc.sql("select count(*) from platform.event_publication")
                        .query(Long.class)
                        .single())
                .isNotNull();
    }

    @Test
    void reportsHealthWithoutSigningIn() {
        String body = RestClient.create("http://localhost:" + port)
                .get()
                .uri("/actuator/health")
                .retrieve()
                .body(String.class);
        assertThat(body).contains("\"status\":\"UP\"");
    }

    @Test
    void closesTheApiToAnonymousCallers() {
        var status = RestClient.create("http://localhost:" + port)
                .get()
                .uri("/api/v1/customers")
                .exchange((req, res) -> res.getStatusCode().value());
        assertThat(status).isEqualTo(401);
    }
}
