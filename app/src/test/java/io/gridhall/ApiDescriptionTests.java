package io.gridhall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

/** The OpenAPI description is a product: every operation has a summary and its error responses. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ApiDescriptionTests {

    @LocalServerPort
    int port;

    @Value("${gridhall.monitoring.token}")
    String monitoringToken;

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationHasASummaryAndProblemResponses() {
        Map<String, Object> api = RestClient.create("http://localhost:" + port)
                .get()
                .uri("/v3/api-docs")
                .header("Authorization", "Bearer " + monitoringToken)
                .retrieve()
                .body(new ParameterizedTypeReference<>() {});
        Map<String, Map<String, Map<String, Object>>> paths =
                (Map<String, Map<String, Map<String, Object>>>) api.get("paths");
        List<String> undocumented = new ArrayList<>();
        int operations = 0;
        if (paths != null) {
            for (var path : paths.entrySet()) {
                for (var op : path.getValue().entrySet()) {
                    if (!List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) continue;
                    operations++;
                    Object summary = op.getValue().get("summary");
                    Map<String, Object> responses =
                            (Map<String, Object>) op.getValue().get("responses");
                    if (summary == null || summary.toString().isBlank())
                        undocumented.add(op.getKey() + " " + path.getKey() + ": no summary");
                    if (responses == null || !responses.containsKey("400") || !responses.containsKey("404")) {
                        undocumented.add(op.getKey() + " " + path.getKey() + ": no problem responses");
                    }
                }
            }
        }
        assertThat(undocumented).isEmpty();
        if (operations > 0) assertThat(api.get("components").toString()).contains("Problem");
        // money has one form in every answer, a number of yuan: no {fen} object is described anywhere
        Map<String, Map<String, Object>> schemas =
                (Map<String, Map<String, Object>>) ((Map<String, Object>) api.get("components")).get("schemas");
        assertThat(schemas).doesNotContainKey("Money");
        List<String> fen = new ArrayList<>();
        schemas.forEach((name, schema) -> {
            Object properties = schema.get("properties");
            if (properties instanceof Map<?, ?> p && p.containsKey("fen")) fen.add(name);
        });
        assertThat(fen).isEmpty();
        Map<String, Object> bill = (Map<String, Object>) schemas.get("BillView").get("properties");
        assertThat((Map<String, Object>) bill.get("total")).containsEntry("type", "number");
        // ids and energies are bare numbers in every answer (ADR 0022), described as such
        assertThat(schemas).doesNotContainKeys("BillId", "BranchId", "OutageId", "UserId", "Kwh");
        assertThat((Map<String, Object>) bill.get("id")).containsEntry("type", "integer");
        assertThat((Map<String, Object>) bill.get("branchId")).containsEntry("type", "integer");
        assertThat((Map<String, Object>) bill.get("energy")).containsEntry("type", "number");
        // a maker-checker version's sign-off is described where its JSON has it: beside the version's own fields
        for (String version : List.of("TariffVersionOut", "CalendarVersionOut"))
            assertThat((Map<String, Object>) schemas.get(version).get("properties"))
                    .as(version)
                    .containsKeys("version", "status", "draftedBy", "draftedAt", "approvedBy", "approvedAt")
                    .doesNotContainKey("signOff");
    }
}
