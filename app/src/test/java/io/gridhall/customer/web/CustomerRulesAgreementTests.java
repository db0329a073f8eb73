package io.gridhall.customer.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's customer rules against the cases the console's {@code customerRules.ts} runs (issue 8: the browser and
 * the server check every field with the same messages): both must find exactly the fields each case lists, with the
 * message keys it names. The cases live beside the front end so one change to a rule fails on both sides.
 */
class CustomerRulesAgreementTests {

    static final Path CASES = Path.of("src/main/frontend/src/console/customerRules.cases.json");

    private final Validator validator =
            Validation.buildDefaultValidatorFactory().getValidator();
    private final JsonMapper json = JsonMapper.builder().build();

    @TestFactory
    Stream<DynamicTest> theServerFindsWhatTheBrowserFinds() throws Exception {
        JsonNode root = json.readTree(Files.readString(CASES));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asString(), () -> {
                CustomerForm form = json.treeToValue(c.get("form"), CustomerForm.class);
                Map<String, Set<String>> found = new TreeMap<>();
                for (ConstraintViolation<CustomerForm> v : validator.validate(form)) {
                    found.computeIfAbsent(v.getPropertyPath().toString(), k -> new HashSet<>())
                            .add(v.getMessageTemplate().replaceAll("^\\{(.*)}$", "$1"));
                }
                if (c.has("only")) {
                    // an edit: the fields the clerk changed and those whose rules read them, as the controller does
                    Set<String> changed = new HashSet<>();
                    c.get("only").forEach(f -> changed.add(f.asString()));
                    CustomerChange change = new CustomerChange(
                            changed.contains("customerClass") ? form.customerClass() : null,
                            changed.contains("kind") ? form.kind() : null,
                            changed.contains("name") ? form.name() : null,
                            changed.contains("idNumber") ? form.idNumber() : null,
                            changed.contains("contractedKva") ? form.contractedKva() : null,
                            changed.contains("contractedDemandKw") ? form.contractedDemandKw() : null,
                            changed.contains("householdSize") ? form.householdSize() : null,
                            changed.contains("phone") ? form.phone() : null,
                            changed.contains("email") ? form.email() : null);
                    found.keySet().retainAll(change.checked());
                }
                Map<String, String> expected = new TreeMap<>();
                c.get("invalid")
                        .properties()
                        .forEach(e -> expected.put(e.getKey(), e.getValue().asString()));
                assertThat(found.keySet()).as("fields found invalid").isEqualTo(expected.keySet());
                // where the server finds two faults in a field (a blank phone is also no number), the browser's is one
                expected.forEach((field, key) -> assertThat(found.get(field))
                        .as("message keys of " + field)
                        .contains(key));
            }));
        }
        assertThat(tests).hasSizeGreaterThan(20);
        return tests.stream();
    }
}
