package io.gridhall.demo;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.CustomerSignedUp;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * With profile {@code demo}: a demo customer's first sign-in finds messages waiting, as a customer of a running
 * utility would (a welcome, a bill reminder, a planned outage of their area). They go through the notification
 * facade like any other message, so the demo's SMS simulator and the portal's message centre deliver them.
 */
@Component
@Profile("demo")
class DemoMessages {

    private final Customers customers;
    private final Notifications notifications;
    private final Clock clock;

    DemoMessages(Customers customers, Notifications notifications, Clock clock) {
        this.customers = customers;
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * Before the sign-up commits, after the customer module has bound the accounts kept for the phone: queued in
     * the same transaction, so a failed sign-up sends nothing. Customers without demo accounts get nothing.
     */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(CustomerSignedUp signedUp) {
        List<SupplyAccountView> accounts = customers.portalAccounts(signedUp.user());
        if (accounts.isEmpty()) return;
        for (Notify message : messages(signedUp.user().value(), accounts, LocalDate.now(clock))) {
            notifications.send(message);
        }
    }

    /** The demo's messages for a customer with these accounts, on this day; the keys make a second send a no-op. */
    static List<Notify> messages(long userId, List<SupplyAccountView> accounts, LocalDate today) {
        String numbers = accounts.stream().map(SupplyAccountView::accountNumber).collect(Collectors.joining("、"));
        String first = accounts.getFirst().accountNumber();
        LocalDate lastMonth = today.minusMonths(1);
        LocalDate due = today.withDayOfMonth(1).plusMonths(1).minusDays(1);
        LocalDate outage = today.plusDays(3);
        Notify.Recipient to = Notify.Recipient.user(userId);
        return List.of(
                Notify.of(
                        "demo:welcome:" + userId,
                        to,
                        "message.plain",
                        Map.of(
                                "subject",
                                "欢迎使用富春县供电公司网上营业厅",
                                "text",
                                "户号 " + numbers + " 已绑定到您的账号。您可以在这里查看每日用电、电费账单，并在“通知设置”中选择接收提醒的方式。"),
                        null),
                Notify.of(
                        "demo:bill:" + userId,
                        to,
                        "billing.plain",
                        Map.of(
                                "subject",
                                "电费缴费提醒",
                                "text",
                                "户号 " + first + " 的 " + lastMonth.getYear() + " 年 " + lastMonth.getMonthValue()
                                        + " 月电费已结算，请于 " + due.getMonthValue() + " 月 " + due.getDayOfMonth()
                                        + " 日前缴纳，逾期将按日收取电费违约金。"),
                        null),
                Notify.of(
                        "demo:outage:" + userId,
                        to,
                        "outage.plain",
                        Map.of(
                                "subject",
                                "计划停电通知",
                                "text",
                                "因配电线路检修，户号 " + first + " 所在台区将于 " + outage.getMonthValue() + " 月 "
                                        + outage.getDayOfMonth() + " 日 08:00 至 12:00 停电，请提前做好准备。"),
                        null));
    }
}
