package io.gridhall.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class TemplateTextProperties {

    @Property
    void insertsAnyValueVerbatimAndNothingElseChanges(@ForAll String code, @ForAll String account) {
        String text = "验证码{code}，户号{account}。{code}";
        String rendered = TemplateText.render(text, Map.of("code", code, "account", account));
        assertThat(rendered).isEqualTo("验证码" + code + "，户号" + account + "。" + code);
    }

    @Property
    void reportsExactlyThePlaceholdersWithoutAValue(@ForAll boolean haveCode, @ForAll boolean haveAccount) {
        Map<String, String> parameters = new HashMap<>();
        if (haveCode) parameters.put("code", "1");
        if (haveAccount) parameters.put("account", "2");
        Set<String> missing = TemplateText.missing("{code} {account} {code}", parameters);
        assertThat(missing.contains("code")).isEqualTo(!haveCode);
        assertThat(missing.contains("account")).isEqualTo(!haveAccount);
    }

    @Example
    void aValueThatLooksLikeAPlaceholderIsNotExpandedAgain() {
        assertThat(TemplateText.render("{a}{b}", Map.of("a", "{b}", "b", "$1\\"))).isEqualTo("{b}$1\\");
    }

    @Example
    void bracesThatAreNoPlaceholderStayAsTheyAre() {
        assertThat(TemplateText.placeholders("{} {1x} {ok} {a b}")).containsExactly("ok");
    }

    @Example
    void aBlankValueCountsAsMissing() {
        assertThat(TemplateText.missing("{code}", Map.of("code", " "))).containsExactly("code");
    }
}
