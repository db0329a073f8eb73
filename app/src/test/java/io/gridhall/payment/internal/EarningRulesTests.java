package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.gridhall.payment.PaymentChannel;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;
import org.springframework.core.io.ClassPathResource;

class EarningRulesTests {

    static EarningRules shipped() throws Exception {
        return EarningRules.read(
                new ClassPathResource("payment/points-rules.yaml").getContentAsString(StandardCharsets.UTF_8));
    }

    static final LocalDate DAY = LocalDate.of(2026, 12, 6);

    @Test
    void electronicPaymentAndAutomaticDebitEarnMoreThanTheCounter() throws Exception {
        EarningRules.Version v = shipped().inForce(DAY);
        long gateway = v.points(PaymentChannel.GATEWAY, 10_000, 0, 0);
        long bank = v.points(PaymentChannel.BANK, 10_000, 0, 0);
        long card = v.points(PaymentChannel.CARD, 10_000, 0, 0);
        long cash = v.points(PaymentChannel.CASH, 10_000, 0, 0);
        assertThat(bank).isGreaterThan(gateway);
        assertThat(gateway).isGreaterThan(card);
        assertThat(card).isGreaterThanOrEqualTo(cash);
        assertThat(gateway).isEqualTo(200); // 100 yuan x 2
    }

    @Test
    void payingBeforeTheDueDateEarnsABonusOnThatPartOnly() throws Exception {
        EarningRules.Version v = shipped().inForce(DAY);
        // 100 yuan by gateway, 60 of them settled a bill not yet due: 200 + 60 x 2 x 50% = 260
        assertThat(v.points(PaymentChannel.GATEWAY, 10_000, 6_000, 0)).isEqualTo(260);
        // the on-time part can never be more than what was paid
        assertThat(v.points(PaymentChannel.GATEWAY, 10_000, 99_999, 0)).isEqualTo(300);
    }

    @Test
    void fractionsOfAYuanEarnNothingAndCapsHold() throws Exception {
        EarningRules.Version v = shipped().inForce(DAY);
        assertThat(v.points(PaymentChannel.GATEWAY, 99, 99, 0)).isZero();
        assertThat(v.points(PaymentChannel.BANK, 100_000_000, 0, 0)).isEqualTo(v.maxPerPosting());
        assertThat(v.points(PaymentChannel.BANK, 100_000, 0, v.maxPerYear() - 10))
                .isEqualTo(10);
        assertThat(v.points(PaymentChannel.BANK, 100_000, 0, v.maxPerYear())).isZero();
    }

    @Test
    void theVersionInForceIsTheLatestThatHasBegun() {
        EarningRules rules = EarningRules.read("""
                versions:
                  - {version: 2, from: "2027-01-01", pointsPerYuan: {GATEWAY: 5}, onTimeBonusPercent: 0, maxPerPosting: 100, maxPerYear: 1000}
                  - {version: 1, from: "2026-01-01", pointsPerYuan: {GATEWAY: 1}, onTimeBonusPercent: 0, maxPerPosting: 100, maxPerYear: 1000}
                """);
        assertThat(rules.inForce(LocalDate.of(2025, 12, 31))).isNull();
        assertThat(rules.inForce(LocalDate.of(2026, 12, 31)).version()).isEqualTo(1);
        assertThat(rules.inForce(LocalDate.of(2027, 1, 1)).version()).isEqualTo(2);
    }

    @Test
    void refusesRulesThatAreNotWholeNumbers() {
        assertThatThrownBy(() -> EarningRules.read("""
                        versions:
                          - {version: 1, from: "2026-01-01", pointsPerYuan: {GATEWAY: 1.5}, onTimeBonusPercent: 0, maxPerPosting: 1, maxPerYear: 1}
                        """)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EarningRules.read("""
                        versions:
                          - {version: 1, from: "2026-01-01", pointsPerYuan: {PIGEON: 1}, onTimeBonusPercent: 0, maxPerPosting: 1, maxPerYear: 1}
                        """)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pointsAreNeverNegativeNeverAboveTheCapsAndGrowWithTheAmount() throws Exception {
        EarningRules.Version v = shipped().inForce(DAY);
        qt().forAll(
                        Generate.enumValues(PaymentChannel.class),
                        longs().between(0, 10_000_000_000L),
                        longs().between(0, 10_000_000_000L),
                        longs().between(0, 40_000))
                .checkAssert((channel, fen, onTime, earned) -> {
                    long p = v.points(channel, fen, onTime, earned);
                    assertThat(p).isBetween(0L, v.maxPerPosting());
                    assertThat(earned + p).isLessThanOrEqualTo(Math.max(earned, v.maxPerYear()));
                    assertThat(v.points(channel, fen + 100, onTime, earned)).isGreaterThanOrEqualTo(p);
                });
    }
}
