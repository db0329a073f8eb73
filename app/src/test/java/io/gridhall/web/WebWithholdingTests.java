package io.gridhall.web;

import static io.gridhall.web.Browser.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillType;
import io.gridhall.billing.BillsIssued;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.internal.SimulatedBank;
import io.gridhall.payment.internal.WithholdingFromBanks;
import io.gridhall.shared.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #10 in a real browser, bank withholding (代扣): a branch manager makes last month's file for the bank of a demo
 * agreement, the simulated bank answers, and the manager uploads the return file; the rows' outcomes show and each
 * debited row is credited once.
 */
class WebWithholdingTests extends DemoWebTest {

    private static final String PASSWORD = "Withholding-2026!";

    record Agreed(long account, String number, long branch, String bankCode) {}

    @Test
    void aManagerMakesTheMonthsFileAndProcessesTheBanksAnswer() throws Exception {
        Browser.requireFrontEndBuilt();
        Browser.requireInstalled();
        Browser.requireMapped(context, "payment: bank withholding", "/api/v1/payment/withholding/batches");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Agreed agreed = jdbc.sql("""
                        select a.supply_account_id as account, s.account_number as number, a.branch_id as branch,
                               a.bank_code as bank_code
                        from payment.withholding_agreement a join customer.supply_account s on s.id = a.supply_account_id
                        where a.state = 'ACTIVE' order by a.agreement_id limit 1""").query(Agreed.class).optional().orElse(null);
        require(agreed != null, "Missing: no demo withholding agreement (the demo generator is needed)");
        Ledger ledger = context.getBean(Ledger.class);
        LocalDate today = LocalDate.now(context.getBean(Clock.class));
        long bill = ThreadLocalRandom.current().nextLong(1L << 51, 1L << 52);
        // a bill that leaves money owed whatever credit earlier journeys left on the shared demo account (credit
        // settles a new bill at once, and an account that owes nothing is rightly not in the bank's file)
        Money owed = ledger.balance(agreed.account()).prepaid().plus(Money.yuan("88.80"));
        ledger.receive(new BillsIssued(List.of(new BillsIssued.IssuedBill(
                new BillId(bill),
                agreed.account(),
                new BranchId(agreed.branch()),
                BillType.REGULAR,
                "WH" + bill,
                today.minusMonths(1).withDayOfMonth(1),
                today.withDayOfMonth(1).minusDays(1),
                today.withDayOfMonth(1),
                today.plusDays(20),
                owed,
                null))));

        Staff manager = newStaff("withholdingmanager", "所长", PASSWORD, agreed.branch(), Role.BRANCH_MANAGER);
        Actor asManager = new Actor(
                new UserId(1),
                Actor.Kind.STAFF,
                "测试",
                Set.of(Role.BRANCH_MANAGER),
                Set.of(new BranchId(agreed.branch())));
        WithholdingFromBanks withholding = context.getBean(WithholdingFromBanks.class);
        String bankName = withholding.banks().stream()
                .filter(x -> x.code().equals(agreed.bankCode()))
                .findFirst()
                .orElseThrow()
                .nameZh();
        try (Browser b = Browser.start(1440, 900)) {
            b.run("withholding", () -> {
                signInStaff(b, manager);
                b.click("[data-test=nav-payment-withholding]");
                b.waitForUrl("#/payment/withholding");
                b.click("[data-test=batch-bank]");
                b.visible(".el-select-dropdown__item");
                WebElement option = b.all(".el-select-dropdown__item").stream()
                        .filter(e -> e.isDisplayed() && e.getText().contains(bankName))
                        .findFirst()
                        .orElseThrow();
                option.click();
                b.click("[data-test=batch-generate]");
                b.waitForText("[data-test=withholding-batch]", agreed.number());
                b.screenshot("withholding-01-generated");

                long batchId = jdbc.sql("select max(batch_id) from payment.withholding_batch where branch_id = :b")
                        .param("b", agreed.branch())
                        .query(Long.class)
                        .single();
                byte[] answer = context.getBean(SimulatedBank.class).answer(withholding.file(asManager, batchId), 2026);
                Path file = Files.createTempFile("withholding-return", ".txt");
                Files.write(file, answer);
                b.visible("[data-test=batch-return-file]")
                        .sendKeys(file.toAbsolutePath().toString());
                b.click("[data-test=batch-process]");
                b.waitForText("[data-test=withholding-batches]", "已回盘");
                b.waitForText("[data-test=withholding-rows]", "0000");
                b.screenshot("withholding-02-returned");
                Files.deleteIfExists(file);

                var batch = withholding.batch(asManager, batchId);
                assertThat(batch.state()).isEqualTo(WithholdingFromBanks.BatchState.RETURNED);
                assertThat(jdbc.sql("select count(*) from payment.posting where starts_with(idempotency_key, :k)")
                                .param("k", "withholding:" + batch.batchNumber() + ":")
                                .query(Long.class)
                                .single())
                        .isEqualTo((long) batch.succeeded());
            });
        }
    }
}
