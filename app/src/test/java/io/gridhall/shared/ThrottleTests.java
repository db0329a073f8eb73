package io.gridhall.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/** The one throttle behind binding, service passwords, staff sign-in, vouchers and the public verification pages. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ThrottleTests {

    @Autowired
    Throttle throttle;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    MockMvc mvc;

    static String purpose() {
        return "test." + UUID.randomUUID();
    }

    void attemptAgo(String purpose, String subject, Duration age) {
        Instant at = clock.instant().minus(age);
        jdbc.sql(
                        "INSERT INTO platform.throttled_attempt (purpose, subject, attempted_at, expires_at) VALUES (?, ?, ?, ?)")
                .params(purpose, subject, Timestamp.from(at), Timestamp.from(at.plus(Duration.ofDays(1))))
                .update();
    }

    @Test
    void atMostRefusesOnceTheLimitIsReachedUntilTheOldestOfTheLastAttemptsLeavesTheWindow() {
        String purpose = purpose();
        var limit = List.of(new Throttle.AtMost("user:1", 3, Duration.ofHours(1)));
        attemptAgo(purpose, "user:1", Duration.ofMinutes(90)); // outside the window: counts for nothing
        attemptAgo(purpose, "user:1", Duration.ofMinutes(50));
        attemptAgo(purpose, "user:1", Duration.ofMinutes(40));
        assertThat(throttle.wait(purpose, limit)).isZero();
        throttle.check(purpose, "bind-too-many-attempts", limit);

        throttle.record(purpose, limit);

        Duration wait = throttle.wait(purpose, limit);
        assertThat(wait).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));
        assertThatThrownBy(() -> throttle.check(purpose, "bind-too-many-attempts", limit))
                .isInstanceOfSatisfying(Problem.class, p -> {
                    assertThat(p.code()).isEqualTo("bind-too-many-attempts");
                    assertThat(p.getStatusCode().value()).isEqualTo(429);
                    assertThat(p.getBody().getProperties().get("retryAfterSeconds"))
                            .isEqualTo(Throttle.seconds(wait));
                });
        // another subject and another purpose are counted apart
        assertThat(throttle.wait(purpose, List.of(new Throttle.AtMost("user:2", 3, Duration.ofHours(1)))))
                .isZero();
        assertThat(throttle.wait(purpose(), limit)).isZero();
    }

    @Test
    void aSubjectPastItsLimitIsFreedByTheOldestOfItsLastAttemptsNotTheOldestInTheWindow() {
        String purpose = purpose();
        var limit = List.of(new Throttle.AtMost("ip:10.0.0.1", 2, Duration.ofHours(1)));
        attemptAgo(purpose, "ip:10.0.0.1", Duration.ofMinutes(55));
        attemptAgo(purpose, "ip:10.0.0.1", Duration.ofMinutes(30));
        attemptAgo(purpose, "ip:10.0.0.1", Duration.ofMinutes(20));

        assertThat(throttle.wait(purpose, limit)).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
    }

    @Test
    void growingWaitsDoubleFromOneSecondAfterTheFreeAttemptsUpToTheCap() {
        var limit = new Throttle.Growing("s", 3, Duration.ofHours(1), Duration.ofMinutes(15));
        assertThat(limit.delay(0)).isZero();
        assertThat(limit.delay(2)).isZero();
        assertThat(limit.delay(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(limit.delay(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(limit.delay(12)).isEqualTo(Duration.ofSeconds(512));
        assertThat(limit.delay(13)).isEqualTo(Duration.ofMinutes(15));
        assertThat(limit.delay(Long.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void growingWaitsCountFromTheLastAttemptAndTheLongestLimitApplies() {
        String purpose = purpose();
        for (int i = 0; i < 5; i++) attemptAgo(purpose, "pair", Duration.ofSeconds(1));
        // five attempts with three free: four seconds from the last one
        var pair = new Throttle.Growing("pair", 3, Duration.ofHours(1), Duration.ofMinutes(15));
        var address = new Throttle.Growing("ip", 20, Duration.ofHours(1), Duration.ofMinutes(15));
        assertThat(throttle.wait(purpose, List.of(address))).isZero();
        assertThat(throttle.wait(purpose, List.of(address, pair)))
                .isBetween(Duration.ofMillis(2500), Duration.ofSeconds(3));
        for (int i = 0; i < 5; i++) attemptAgo(purpose, "old", Duration.ofMinutes(20));
        assertThat(throttle.wait(
                        purpose, List.of(new Throttle.Growing("old", 3, Duration.ofHours(1), Duration.ofMinutes(15)))))
                .isZero();
    }

    @Test
    void anAttemptRecordedSeparatelySurvivesTheRollbackOfTheRefusedRequest() {
        String purpose = purpose();
        var limit = List.of(new Throttle.AtMost("user:7", 1, Duration.ofHours(1)));
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                    throttle.recordSeparately(purpose, limit);
                    throttle.record(purpose, List.of(new Throttle.AtMost("user:8", 1, Duration.ofHours(1))));
                    throw Problem.notFound("supply-account");
                }))
                .isInstanceOf(Problem.class);

        assertThat(count(purpose, "user:7")).isEqualTo(1);
        assertThat(count(purpose, "user:8")).isZero();
        assertThatThrownBy(() -> throttle.check(purpose, "bind-too-many-attempts", limit))
                .isInstanceOf(Problem.class);
    }

    @Test
    void forgettingClearsOneSubjectOnly() {
        String purpose = purpose();
        throttle.record(
                purpose,
                List.of(
                        new Throttle.AtMost("a", 1, Duration.ofHours(1)),
                        new Throttle.AtMost("b", 1, Duration.ofHours(1))));
        throttle.forget(purpose, "a");
        assertThat(count(purpose, "a")).isZero();
        assertThat(count(purpose, "b")).isEqualTo(1);
    }

    @Test
    void thePurgeDropsAttemptsPastKeepingAndKeepsADayOrOneWindowIfLonger() {
        String purpose = purpose();
        attemptAgo(purpose, "s", Duration.ofDays(3));
        attemptAgo(purpose, "s", Duration.ofHours(25));
        attemptAgo(purpose, "s", Duration.ofHours(23));
        throttle.record(purpose, List.of(new Throttle.AtMost("s", 1, Duration.ofHours(1))));
        throttle.record(purpose, List.of(new Throttle.AtMost("long", 1, Duration.ofDays(3))));

        assertThat(throttle.purge()).isGreaterThanOrEqualTo(2);

        assertThat(count(purpose, "s")).isEqualTo(2);
        Timestamp expires = jdbc.sql(
                        "SELECT expires_at FROM platform.throttled_attempt WHERE purpose = ? AND subject = 'long'")
                .param(purpose)
                .query(Timestamp.class)
                .single();
        assertThat(expires.toInstant()).isAfter(clock.instant().plus(Duration.ofDays(2)));
    }

    @Test
    void addressesAreSubjectsNeverBlankNorLong() {
        assertThat(Throttle.address(null)).isEqualTo("ip:unknown");
        assertThat(Throttle.address(" ")).isEqualTo("ip:unknown");
        assertThat(Throttle.address("2001:db8::1")).isEqualTo("ip:2001:db8::1");
        assertThat(Throttle.address("x".repeat(500))).hasSize(67);
        assertThat(Throttle.seconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(Throttle.seconds(Duration.ofMillis(1001))).isEqualTo(2);
    }

    static MockHttpServletRequestBuilder from(String ip, String path, String language) {
        return get(path).header("Accept-Language", language).with(r -> {
            r.setRemoteAddr(ip);
            return r;
        });
    }

    @Test
    void thePublicVerificationPagesAnswer429InTheCallersLanguageOnceAnAddressAskedTooOften() throws Exception {
        var r = ThreadLocalRandom.current();
        String ip = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
        // bills and receipts count together; a forged token counts as much as a genuine one
        for (int i = 0; i < 60; i++) {
            mvc.perform(from(ip, "/api/v1/billing/verify/9001.AAAAAAAAAAAAAAAAAAAAAA", "en"))
                    .andExpect(status().isNotFound());
            mvc.perform(from(ip, "/api/v1/public/payment/receipts/9001.AAAAAAAAAAAAAAAAAAAAAA", "en"))
                    .andExpect(status().isNotFound());
        }
        mvc.perform(from(ip, "/api/v1/billing/verify/9001.AAAAAAAAAAAAAAAAAAAAAA", "en"))
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.code").value("verify-too-many-requests"))
                .andExpect(jsonPath("$.retryAfterSeconds").value(Matchers.greaterThan(500)))
                .andExpect(jsonPath("$.detail").value(Matchers.startsWith("Too many lookups")));
        mvc.perform(from(ip, "/api/v1/public/payment/receipts/9001.AAAAAAAAAAAAAAAAAAAAAA", "zh-CN"))
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.title").value("查询过于频繁"));
        // another address is not held back
        mvc.perform(from(ip + "0", "/api/v1/billing/verify/9001.AAAAAAAAAAAAAAAAAAAAAA", "en"))
                .andExpect(status().isNotFound());
    }

    long count(String purpose, String subject) {
        return jdbc.sql("SELECT count(*) FROM platform.throttled_attempt WHERE purpose = ? AND subject = ?")
                .params(purpose, subject)
                .query(Long.class)
                .single();
    }
}
