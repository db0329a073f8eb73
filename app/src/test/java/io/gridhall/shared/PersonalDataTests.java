package io.gridhall.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PersonalDataTests {

    /** The cases the console's masking.ts runs too, so the screen never shows more than the API. */
    @Test
    void masksAnAddressToItsDistrictAndAShortTailAsTheConsoleDoes() throws Exception {
        JsonNode root = JsonMapper.builder()
                .build()
                .readTree(Files.readString(Path.of("src/main/frontend/src/shared/maskAddress.cases.json")));
        assertThat(root.get("cases").size()).isGreaterThan(5);
        for (JsonNode c : root.get("cases")) {
            assertThat(PersonalData.maskAddress(c.get("address").asString()))
                    .as(c.get("address").asString())
                    .isEqualTo(c.get("masked").asString());
        }
    }

    /** Issue 8: every masked address read the same "浙江省杭州市****", so customers could not be told apart. */
    @Test
    void twoAddressesOfOneDistrictStayApart() {
        assertThat(PersonalData.maskAddress("浙江省杭州市测试区幸福路123号"))
                .isNotEqualTo(PersonalData.maskAddress("浙江省杭州市测试区幸福路124号"))
                .startsWith("浙江省杭州市测试区****")
                .doesNotContain("幸福路");
    }
}
