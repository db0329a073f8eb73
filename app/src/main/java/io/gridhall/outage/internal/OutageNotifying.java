package io.gridhall.outage.internal;

import io.gridhall.customer.Customers;
import io.gridhall.notification.BulkNotify;
import io.gridhall.notification.BulkSms;
import io.gridhall.notification.Notifications;
import io.gridhall.outage.OutageChange;
import io.gridhall.outage.OutageKind;
import io.gridhall.outage.OutageNode;
import io.gridhall.outage.OutageView;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells the portal users of an outage's affected accounts about one version of it (OUT-2): the users are found by
 * the customer module in one query per 50,000 accounts, and the notice queued for all of them at once in the
 * notification outbox (one message per user and version: a user with three affected accounts hears it once). Each
 * user's channel preferences for outage notices apply (SMS, WeChat, the message centre). Customers of affected
 * accounts with no portal user on any of their accounts get the notice by SMS at the phone kept on their record, once
 * per customer (key {@code ...:c<customer>}).
 */
@Component
class OutageNotifying {

    private static final Logger log = LoggerFactory.getLogger(OutageNotifying.class);

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** Node names spelled out in a notice; more are summed up ("等12处"). */
    static final int NAMES_IN_NOTICE = 3;

    private final Customers customers;
    private final Notifications notifications;
    private final Clock clock;
    private final OutageSubscribing subscriptions;

    OutageNotifying(Customers customers, Notifications notifications, Clock clock, OutageSubscribing subscriptions) {
        this.customers = customers;
        this.notifications = notifications;
        this.clock = clock;
        this.subscriptions = subscriptions;
    }

    /** @return how many users, and customers without a portal user (by SMS), the notice was queued for */
    long tell(OutageView outage, OutageChange change, String reason, long[] affectedAccounts) {
        long started = System.nanoTime();
        // the users of the affected accounts and those subscribed to one of them or to an affected area, each once
        long[] users = java.util.stream.LongStream.concat(
                        java.util.Arrays.stream(customers.portalUsersOfAccounts(affectedAccounts)),
                        java.util.Arrays.stream(subscriptions.subscribers(outage.id())))
                .sorted()
                .distinct()
                .toArray();
        log.info(
                "Outage {} v{}: {} portal users of {} affected accounts found in {} ms",
                outage.id().value(),
                outage.version(),
                users.length,
                affectedAccounts.length,
                (System.nanoTime() - started) / 1_000_000);
        String key = "outage:" + outage.id().value() + ":v" + outage.version() + ":";
        String template = template(outage.kind(), change);
        Map<String, String> parameters = parameters(outage, reason);
        long told = users.length == 0
                ? 0
                : notifications.sendToUsers(new BulkNotify(key, template, parameters, Locale.CHINA, users));
        // customers nobody hears for in the portal: an SMS to the phone on their record, once per customer
        long[] texted = {0};
        customers.reservedPhonesOfUnboundCustomers(
                affectedAccounts,
                slice -> texted[0] += notifications.sendToPhones(new BulkSms(
                        key,
                        template,
                        parameters,
                        Locale.CHINA,
                        slice.stream()
                                .map(p -> new BulkSms.Phone("c" + p.customerId(), p.phone()))
                                .toList())));
        if (texted[0] > 0) {
            log.info(
                    "Outage {} v{}: {} customers without a portal user told by SMS",
                    outage.id().value(),
                    outage.version(),
                    texted[0]);
        }
        return told + texted[0];
    }

    static String template(OutageKind kind, OutageChange change) {
        return switch (change) {
            case PUBLISHED, OPENED -> kind == OutageKind.FAULT ? "outage.fault" : "outage.planned";
            case RESCHEDULED, WIDENED, DELAYED -> "outage.changed";
            case CANCELLED -> "outage.cancelled";
            case RESTORED -> "outage.restored";
            case DRAFTED, EDITED, APPROVED -> throw new IllegalArgumentException("not told: " + change);
        };
    }

    Map<String, String> parameters(OutageView outage, String reason) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("area", area(outage.nodes()));
        p.put("cause", outage.cause());
        p.put("start", local(outage.startsAt()));
        p.put("end", local(outage.expectedRestorationAt()));
        p.put("reason", reason == null || reason.isBlank() ? "-" : reason.strip());
        p.put("restored", outage.restoredAt() == null ? "-" : local(outage.restoredAt()));
        return p;
    }

    static String area(List<OutageNode> nodes) {
        String named =
                nodes.stream().limit(NAMES_IN_NOTICE).map(OutageNode::name).collect(Collectors.joining("、"));
        return nodes.size() > NAMES_IN_NOTICE ? named + "等" + nodes.size() + "处" : named;
    }

    private String local(OffsetDateTime t) {
        return TIME.format(t.atZoneSameInstant(clock.getZone()));
    }
}
