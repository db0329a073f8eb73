package io.gridhall.outage.internal;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import io.gridhall.outage.OutageStatus;
import io.gridhall.outage.OutageView;
import io.gridhall.outage.Outages;
import io.gridhall.outage.SmsOutageQueries;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Answers SMS keyword queries of outages (OUT-2); see {@link SmsOutageQueries}. */
@Service
@Transactional
class AnsweringSmsQueries implements SmsOutageQueries {

    private static final Logger log = LoggerFactory.getLogger(AnsweringSmsQueries.class);
    /** "TD1234567890", "td 1234567890", "停电1234567890", "停电 1234567890". */
    static final Pattern QUERY = Pattern.compile("^(?:TD|停电)\\s*([0-9]{10})$");

    static final Pattern MESSAGE_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private final Customers customers;
    private final Outages outages;
    private final Notifications notifications;
    private final Clock clock;

    AnsweringSmsQueries(Customers customers, Outages outages, Notifications notifications, Clock clock) {
        this.customers = customers;
        this.outages = outages;
        this.notifications = notifications;
        this.clock = clock;
    }

    /** The account number asked about, if the text is a query. */
    static Optional<String> accountNumber(String text) {
        if (text == null) return Optional.empty();
        Matcher m = QUERY.matcher(text.strip().toUpperCase(Locale.ROOT));
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    @Override
    public Answer answer(InboundSms sms) {
        if (sms.messageId() == null || !MESSAGE_ID.matcher(sms.messageId()).matches()) {
            throw new IllegalArgumentException("an inbound SMS needs the gateway's message id");
        }
        Optional<SupplyAccountView> account = accountNumber(sms.text())
                .flatMap(customers::accountByNumber)
                .filter(a -> customers.phoneOfAccount(a.id(), sms.from()));
        String key = "sms-query:" + sms.messageId();
        if (account.isEmpty()) {
            notifications.send(
                    Notify.of(key, Notify.Recipient.phone(sms.from()), "outage.query-neutral", Map.of(), Locale.CHINA));
            log.info("SMS outage query {}: neutral reply", sms.messageId());
            return Answer.NEUTRAL;
        }
        List<OutageView> current =
                outages
                        .ofAccounts(List.of(account.get().id()), 0)
                        .getOrDefault(account.get().id(), List.of())
                        .stream()
                        .filter(o -> o.status() == OutageStatus.PUBLISHED)
                        .toList();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("account", account.get().accountNumber());
        p.put(
                "outages",
                current.isEmpty() ? "目前没有停电" : current.stream().map(this::line).collect(Collectors.joining("；")));
        notifications.send(Notify.of(key, Notify.Recipient.phone(sms.from()), "outage.query", p, Locale.CHINA));
        log.info("SMS outage query {}: {} current outages told", sms.messageId(), current.size());
        return Answer.OUTAGES;
    }

    private String line(OutageView o) {
        String kind = switch (o.kind()) {
            case PLANNED -> "计划停电";
            case TEMPORARY -> "临时检修停电";
            case FAULT -> "故障停电";
        };
        return kind + "（" + OutageNotifying.area(o.nodes()) + "，" + o.cause() + "）"
                + OutageNotifying.TIME.format(o.startsAt().atZoneSameInstant(clock.getZone())) + "起，预计"
                + OutageNotifying.TIME.format(o.expectedRestorationAt().atZoneSameInstant(clock.getZone())) + "恢复";
    }
}
