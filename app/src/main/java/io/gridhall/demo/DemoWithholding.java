package io.gridhall.demo;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.payment.BankWithholding;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * With profile {@code demo}: bank withholding agreements (代扣协议) for the pre-bound example accounts of the first
 * branch and a score of its other accounts, at ICBC and CCB, so a branch manager can make the month's files, let the
 * simulated bank answer and upload the return files. Recorded once, through the facade (and so audited), by the demo
 * as a clerk of the first branch. The bank account numbers are made up from the account ids.
 */
@Component
@Profile("demo")
class DemoWithholding {

    private static final Logger log = LoggerFactory.getLogger(DemoWithholding.class);
    static final int OTHERS = 20;

    private final BankWithholding withholding;
    private final Customers customers;
    private final Clock clock;

    DemoWithholding(BankWithholding withholding, Customers customers, Clock clock) {
        this.withholding = withholding;
        this.customers = customers;
        this.clock = clock;
    }

    void seed(BranchId branch, List<DemoGenerator.Example> examples) {
        if (withholding.anyAgreement()) return;
        Actor clerk = new Actor(new UserId(0), Actor.Kind.STAFF, "演示数据", Set.of(Role.COUNTER_CLERK), Set.of(branch));
        List<SupplyAccountView> accounts = new ArrayList<>();
        for (DemoGenerator.Example e : examples)
            for (String number : e.accountNumbers())
                customers
                        .accountByNumber(number)
                        .filter(a -> a.branchId().equals(branch))
                        .ifPresent(accounts::add);
        List<Long> others = customers.billableAccountIds(branch);
        customers.accounts(others.subList(0, Math.min(OTHERS, others.size()))).stream()
                .filter(a -> accounts.stream().noneMatch(x -> x.id() == a.id()))
                .forEach(accounts::add);
        LocalDate signed = LocalDate.now(clock).minusMonths(6).withDayOfMonth(1);
        int n = 0, skipped = 0;
        for (SupplyAccountView a : accounts) {
            String bank = n % 3 == 2 ? "105" : "102";
            String number = (bank.equals("102") ? "6222" : "6217")
                    + String.format("%015d", Math.floorMod(a.id() * 7919, 1_000_000_000_000_000L));
            try {
                withholding.recordAgreement(clerk, a.id(), bank, a.accountName(), number, signed.plusDays(n % 28));
                n++;
            } catch (RuntimeException e) {
                skipped++; // a name the bank's file cannot hold (over 40 GBK bytes): no agreement for that account
            }
        }
        log.info("Demo withholding: {} agreements, {} accounts left out", n, skipped);
    }
}
