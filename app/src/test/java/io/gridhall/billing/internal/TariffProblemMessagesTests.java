package io.gridhall.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.internal.rating.TariffProblem;
import io.gridhall.billing.internal.rating.TariffProblem.Code;
import io.gridhall.billing.internal.rating.TouPeriod;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every problem the tariff pack reader reports has its message in both bundles (zh-CN, the default, and English), each
 * taking exactly the arguments the reader gives, and the bundles hold no message of a code that no longer exists.
 */
class TariffProblemMessagesTests {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)");
    static final Pattern CJK = Pattern.compile("\\p{IsHan}");

    static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (Reader in = new InputStreamReader(
                TariffProblemMessagesTests.class.getResourceAsStream("/" + name), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    static Set<String> keys(Properties bundle, String prefix) {
        return bundle.stringPropertyNames().stream()
                .filter(k -> k.startsWith(prefix))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyCodeHasAChineseAndAnEnglishMessageWithItsArgumentsAndNoMessageIsLeftOver() throws IOException {
        Set<String> codes = Arrays.stream(Code.values()).map(Code::key).collect(Collectors.toCollection(TreeSet::new));
        Set<String> periods = Arrays.stream(TouPeriod.values())
                .map(TariffProblem::periodKey)
                .collect(Collectors.toCollection(TreeSet::new));
        for (String name : new String[] {"messages.properties", "messages_en.properties"}) {
            Properties bundle = bundle(name);
            assertThat(keys(bundle, "tariff.problem.")).as(name).isEqualTo(codes);
            assertThat(keys(bundle, "tariff.period.")).as(name).isEqualTo(periods);
            for (Code code : Code.values()) {
                String text = bundle.getProperty(code.key());
                assertThat(text).as(name + " " + code).isNotBlank();
                Set<Integer> used = new TreeSet<>();
                Matcher m = PLACEHOLDER.matcher(text);
                while (m.find()) used.add(Integer.parseInt(m.group(1)));
                assertThat(used)
                        .as(name + " " + code + ": placeholders")
                        .isEqualTo(IntStream.range(0, code.arity()).boxed().collect(Collectors.toSet()));
                if (code.arity() == 0) {
                    // given no arguments, Spring shows the text as written: a doubled quote would show doubled
                    assertThat(text).as(name + " " + code).doesNotContain("''");
                } else {
                    // with arguments the text is a MessageFormat: a lone quote would swallow a placeholder
                    Object[] args = IntStream.range(0, code.arity())
                            .mapToObj(i -> "«" + i + "»")
                            .toArray();
                    String shown = new MessageFormat(text, Locale.ROOT).format(args);
                    for (Object a : args)
                        assertThat(shown).as(name + " " + code).contains((String) a);
                    assertThat(shown).as(name + " " + code).doesNotContain("''");
                }
                if (name.equals("messages.properties"))
                    assertThat(CJK.matcher(text).find())
                            .as(code + " in Chinese")
                            .isTrue();
                else
                    assertThat(CJK.matcher(text).find())
                            .as(code + " in English")
                            .isFalse();
            }
        }
    }

    /** The reader is the source of truth: a code it never reports is a message no one reads. */
    @Test
    void theReaderReportsEveryCode() throws IOException {
        String reader =
                Files.readString(Path.of("src/main/java/io/gridhall/billing/internal/rating/TariffPackReader.java"));
        Set<String> reported = new TreeSet<>();
        Matcher m = Pattern.compile("Code\\.([A-Z_]+)").matcher(reader);
        while (m.find()) reported.add(m.group(1));
        assertThat(reported)
                .isEqualTo(Arrays.stream(Code.values()).map(Code::name).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void aProblemTakesExactlyTheArgumentsOfItsCode() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TariffProblem("x", Code.OUTSIDE_YEAR))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new TariffProblem("x", Code.OUTSIDE_YEAR, 2027).args()).containsExactly("2027");
        assertThat(new TariffProblem("x", Code.NO_TABLE, new java.math.BigDecimal("0.950")).args())
                .containsExactly("0.950");
    }

    @Test
    void namesPeriodsAndDaysOfTheWeekInTheReadersLanguageAndNumbersUngrouped() {
        Tariffs tariffs = TariffCatalogueTests.packOnly("CN-ZJ", "classpath*:tariffs/");
        Locale zh = Locale.SIMPLIFIED_CHINESE;
        assertThat(tariffs.message(new TariffProblem("p", Code.REMAINDER_UNPRICED, TouPeriod.PEAK), zh))
                .isEqualTo("其余电量计入的时段高峰（PEAK）没有电价");
        assertThat(tariffs.message(new TariffProblem("p", Code.REMAINDER_UNPRICED, TouPeriod.PEAK), Locale.ENGLISH))
                .isEqualTo("the remainder period PEAK has no price");
        assertThat(tariffs.message(
                        new TariffProblem(
                                "p", Code.WORKED_WORKDAY, java.time.LocalDate.of(2027, 10, 8), DayOfWeek.FRIDAY),
                        zh))
                .isEqualTo("2027-10-08 是星期五，本来就是工作日，无需列为调休上班");
        assertThat(tariffs.message(
                        new TariffProblem(
                                "p", Code.WORKED_WORKDAY, java.time.LocalDate.of(2027, 10, 8), DayOfWeek.FRIDAY),
                        Locale.ENGLISH))
                .isEqualTo("2027-10-08 is a Friday, a workday anyway");
        assertThat(tariffs.message(new TariffProblem("p", Code.OUTSIDE_YEAR, 2027), Locale.ENGLISH))
                .isEqualTo("lies outside 2027");
        assertThat(tariffs.message(new TariffProblem("p", Code.BAD_ID), Locale.ENGLISH))
                .isEqualTo("must be upper-case letters, digits, '-' or '_' (2 to 64)");
        assertThat(tariffs.message(new TariffProblem("p", Code.NOT_AFTER_PREVIOUS, "2026-01-01"), Locale.ENGLISH))
                .isEqualTo("must be after the previous version's 2026-01-01");
    }
}
