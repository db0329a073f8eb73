package io.gridhall.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillType;
import io.gridhall.billing.BillView;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.BranchId;
import io.gridhall.notification.Notify;
import io.gridhall.shared.Kwh;
import io.gridhall.shared.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo's first-sign-in messages tell the truth: the reminder is of a real bill, nothing is invented. */
class DemoMessagesTests {

    private static final List<SupplyAccountView> ACCOUNTS =
            List.of(account(11, "3300000011"), account(12, "3300000012"));

    @Test
    void remindsOfTheLatestIssuedBillWithItsOwnAmountNumberAndDueDay() {
        BillView bill = bill(Money.yuan("123.45"), LocalDate.of(2026, 12, 20));

        List<Notify> messages = DemoMessages.messages(7, ACCOUNTS, Optional.of(bill));

        assertThat(messages).extracting(Notify::template).containsExactly("message.plain", "billing.plain");
        assertThat(messages.getFirst().parameters().get("text")).contains("3300000011、3300000012");
        String reminder = messages.get(1).parameters().get("text");
        assertThat(reminder).contains("3300000011", "2026 年 11 月", "123.45 元", "2026110000000042", "12 月 20 日前");
        // one reminder per bill: a later bill is a new message, the same bill again is the same key
        assertThat(messages.get(1).key()).isEqualTo("demo:bill:7:42");
    }

    @Test
    void withoutABillToPayThereIsOnlyTheWelcome() {
        assertThat(DemoMessages.messages(7, ACCOUNTS, Optional.empty())).hasSize(1);
        assertThat(DemoMessages.messages(7, ACCOUNTS, Optional.of(bill(Money.ZERO, LocalDate.of(2026, 12, 20)))))
                .hasSize(1);
        assertThat(DemoMessages.messages(
                        7, ACCOUNTS, Optional.of(bill(Money.yuan("-5.00"), LocalDate.of(2026, 12, 20)))))
                .hasSize(1);
    }

    private static SupplyAccountView account(long id, String number) {
        return new SupplyAccountView(
                id,
                number,
                1,
                CustomerClass.RESIDENTIAL,
                "家",
                "地址",
                new BranchId(1),
                "RES",
                "ACTIVE",
                LocalDate.of(2020, 1, 1));
    }

    private static BillView bill(Money total, LocalDate due) {
        return new BillView(
                new BillId(42),
                11,
                "3300000011",
                new BranchId(1),
                BillType.REGULAR,
                BillStatus.ISSUED,
                "2026110000000042",
                LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 30),
                LocalDate.of(2026, 12, 3),
                due,
                Kwh.of("210"),
                total,
                false,
                "CN-ZJ-RES",
                1,
                null,
                null,
                null,
                List.of(),
                List.of());
    }
}
