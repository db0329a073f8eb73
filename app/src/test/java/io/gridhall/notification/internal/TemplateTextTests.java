package io.gridhall.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateTextTests {

    @Test
    void insertsAnyValueVerbatimAndNothingElseChanges() {
        qt().forAll(
                        strings().allPossible().ofLengthBetween(0, 30),
                        strings().allPossible().ofLengthBetween(0, 30))
                .checkAssert((code, account) -> assertThat(TemplateText.render(
                                "验证码{code}，户号{account}。{code}", Map.of("code", code, "account", account)))
                        .isEqualTo("验证码" + code + "，户号" + account + "。" + code));
    }

    @Test
    void reportsExactlyThePlaceholdersWithoutAValue() {
        qt().forAll(booleans().all(), booleans().all()).checkAssert((haveCode, haveAccount) -> {
            Map<String, String> parameters = new HashMap<>();
            if (haveCode) parameters.put("code", "1");
            if (haveAccount) parameters.put("account", "2");
            Set<String> missing = TemplateText.missing("{code} {account} {code}", parameters);
            assertThat(missing.contains("code")).isEqualTo(!haveCode);
            assertThat(missing.contains("account")).isEqualTo(!haveAccount);
        });
    }

    @Test
    void aValueThatLooksLikeAPlaceholderIsNotExpandedAgain() {
        assertThat(TemplateText.render("{a}{b}", Map.of("a", "{b}", "b", "$1\\")))
                .isEqualTo("{b}$1\\");
    }

    @Test
    void bracesThatAreNoPlaceholderStayAsTheyAre() {
        assertThat(TemplateText.placeholders("{} {1x} {ok} {a b}")).containsExactly("ok");
        assertThat(TemplateText.render("{} {1x}", Map.of())).isEqualTo("{} {1x}");
    }

    @Test
    void aBlankValueCountsAsMissing() {
        assertThat(TemplateText.missing("{code}", Map.of("code", " "))).containsExactly("code");
    }
}
