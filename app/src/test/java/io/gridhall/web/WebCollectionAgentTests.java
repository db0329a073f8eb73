package io.gridhall.web;

import static io.gridhall.web.Browser.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillType;
import io.gridhall.billing.BillsIssued;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.internal.CollectingThroughAgents;
import io.gridhall.shared.Money;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #10 in a real browser, collection agents (代收机构, PAY-3): a branch manager creates an agent and sees its key
 * once; the agent collects a bill through the signed interface with that key; the manager sees the collection on the
 * day's row, and the key is gone from the page.
 */
class WebCollectionAgentTests extends DemoWebTest {

    private static final String PASSWORD = "Agents-2026!";

    record Account(long id, String number, long branch) {}

    @Test
    void aManagerCreatesAnAgentSeesTheKeyOnceAndTheDaysCollections() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(
                context,
                "payment: collection agents",
                "/api/v1/payment/agents",
                "/api/v1/public/payment/agents/{operation}");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        // an account in the middle: other journeys take the first and the last
        Account account = jdbc.sql("""
                        select id, account_number as number, branch_id as branch from customer.supply_account
                        order by id offset 60 limit 1""").query(Account.class).optional().orElse(null);
        require(account != null, "Missing: the demo has too few accounts");
        LocalDate today = LocalDate.now(context.getBean(Clock.class));
        long bill = ThreadLocalRandom.current().nextLong(1L << 51, 1L << 52);
        context.getBean(Ledger.class)
                .receive(new BillsIssued(List.of(new BillsIssued.IssuedBill(
                        new BillId(bill),
                        account.id(),
                        new BranchId(account.branch()),
                        BillType.REGULAR,
                        "AG" + bill,
                        today.minusMonths(1).withDayOfMonth(1),
                        today.withDayOfMonth(1).minusDays(1),
                        today.withDayOfMonth(1),
                        today.plusDays(20),
                        Money.yuan("66.60"),
                        null))));
        Staff manager = newStaff("agentmanager", "所长", PASSWORD, account.branch(), Role.BRANCH_MANAGER);
        String code = "J" + ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L);

        try (Browser b = Browser.start(1440, 900)) {
            b.run("agents", () -> {
                signInStaff(b, manager);
                b.click("[data-test=nav-payment-agents]");
                b.waitForUrl("#/payment/agents");
                b.visible("[data-test=agents]");
                // a code in lower case is no agent code: the button stays off
                b.type(Browser.field("agent-code"), "abc");
                b.type(Browser.field("agent-name"), "测试银行电话银行");
                assertThat(b.visible("[data-test=agent-create]").isEnabled()).isFalse();
                b.type(Browser.field("agent-code"), code);
                b.click("[data-test=agent-create]");
                String key = b.visible("[data-test=agent-key] code").getText().trim();
                assertThat(Base64.getDecoder().decode(key)).hasSizeGreaterThanOrEqualTo(32);
                b.waitForText("[data-test=agents]", code);
                b.screenshot("agents-01-key-once");

                String day = context.getBean(CollectingThroughAgents.class)
                        .accountingDay()
                        .format(DateTimeFormatter.BASIC_ISO_DATE);
                String serial = "S" + bill;
                HttpResponse<String> paid = signedCall(
                        code,
                        Base64.getDecoder().decode(key),
                        "pay",
                        "{\"accountNumber\":\"%s\",\"serial\":\"%s\",\"amount\":6660,\"agentDate\":\"%s\"}"
                                .formatted(account.number(), serial, day));
                assertThat(paid.statusCode()).isEqualTo(200);
                assertThat(paid.body()).contains("\"0000\"");

                // the key shows once: on the next visit only its fingerprint is there
                b.open(base() + "/console/#/dashboard");
                b.click("[data-test=nav-payment-agents]");
                b.waitForText("[data-test=agents]", code);
                assertThat(b.all("[data-test=agent-key]")).isEmpty();
                assertThat(b.visible("[data-test=agents]").getText()).doesNotContain(key);
                b.all("[data-test=agents] tr.el-table__row").stream()
                        .filter(r -> r.getText().contains(code))
                        .findFirst()
                        .orElseThrow()
                        .click();
                b.waitForText("[data-test=agent-days]", "1 · 66.60");
                // the day's figures are of the manager's branch, and the page says so
                b.waitForText("[data-test=agent-scoped]", "所辖供电所");
                b.waitForText("[data-test=agent-days]", "尚未收到对账文件");
                b.screenshot("agents-02-days");
                assertThat(jdbc.sql("select count(*) from payment.posting where strpos(idempotency_key, :k) > 0")
                                .param("k", code + ":" + serial)
                                .query(Long.class)
                                .single())
                        .isEqualTo(1L);
            });
        }
    }

    /** The agent's side of the interface (ADR 0020): HMAC-SHA256 over code, time, nonce and the body. */
    private HttpResponse<String> signedCall(String code, byte[] key, String operation, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        byte[] n = new byte[12];
        ThreadLocalRandom.current().nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((code + "\n" + timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8));
        String signature = HexFormat.of().formatHex(mac.doFinal(body));
        return http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/v1/public/payment/agents/" + operation))
                        .header("Content-Type", "application/json")
                        .header("Agent-Code", code)
                        .header("Agent-Timestamp", timestamp)
                        .header("Agent-Nonce", nonce)
                        .header("Agent-Signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
