package io.gridhall.demo;

import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.CustomerSignedUp;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * With profile {@code demo}: a demo customer's first sign-in finds messages waiting, as a customer of a running
 * utility would: a welcome, and a reminder of their latest real bill (amount and due day as issued). Outages need
 * no message here: the home page lists the real ones affecting the customer's accounts. The messages go through the
 * notification facade like any other, so the demo's SMS simulator and the portal's message centre deliver them.
 */
@Component
@Profile("demo")
class DemoMessages {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M 月 d 日");

    private final Customers customers;
    private final Billing billing;
    private final Notifications notifications;

    DemoMessages(Customers customers, Billing billing, Notifications notifications) {
        this.customers = customers;
        this.billing = billing;
        this.notifications = notifications;
    }

    /**
     * Before the sign-up commits, after the customer module has bound the accounts kept for the phone: queued in
     * the same transaction, so a failed sign-up sends nothing. Customers without demo accounts get nothing.
     */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(CustomerSignedUp signedUp) {
        List<SupplyAccountView> accounts = customers.portalAccounts(signedUp.user());
        if (accounts.isEmpty()) return;
        Optional<BillView> latest =
                billing.issuedBills(accounts.getFirst().id(), 1).stream().findFirst();
        for (Notify message : messages(signedUp.user().value(), accounts, latest)) {
            notifications.send(message);
        }
    }

    /** The demo's messages for a customer with these accounts; the keys make a second send a no-op. */
    static List<Notify> messages(long userId, List<SupplyAccountView> accounts, Optional<BillView> latestBill) {
        String numbers = accounts.stream().map(SupplyAccountView::accountNumber).collect(Collectors.joining("、"));
        Notify.Recipient to = Notify.Recipient.user(userId);
        List<Notify> messages = new ArrayList<>();
        messages.add(Notify.of(
                "demo:welcome:" + userId,
                to,
                "message.plain",
                Map.of(
                        "subject",
                        "欢迎使用富春县供电公司网上营业厅",
                        "text",
                        "户号 " + numbers + " 已绑定到您的账号。您可以在这里查看每日用电、电费账单和停电信息，并在“通知设置”中选择接收提醒的方式。"),
                null));
        latestBill
                .filter(bill -> bill.dueOn() != null && bill.total().fen() > 0)
                .ifPresent(bill -> messages.add(Notify.of(
                        "demo:bill:" + userId + ":" + bill.id().value(),
                        to,
                        "billing.plain",
                        Map.of(
                                "subject",
                                "电费缴费提醒",
                                "text",
                                "户号 " + bill.accountNumber() + " "
                                        + bill.periodFrom().getYear() + " 年 "
                                        + bill.periodFrom().getMonthValue() + " 月电费 " + bill.total() + " 元（账单号 "
                                        + bill.billNumber() + "）已出账，请于 " + DAY.format(bill.dueOn())
                                        + "前缴纳，逾期将按日收取电费违约金。"),
                        null)));
        return List.copyOf(messages);
    }
}
