package io.gridhall.outage.internal;

import io.gridhall.notification.Notifications;
import io.gridhall.notification.Notify;
import io.gridhall.outage.OutageView;
import io.gridhall.outage.Repairs;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Tells one reporter of a fault about their report or their job's progress (OUT-4): a portal customer through
 * their channel preferences for outage news, a caller whom staff took the report from by SMS. One message per
 * report and template (the key), in the caller's transaction; a portal user reads them in the language they chose
 * for notices (as outage notices, ADR 0013), a caller's SMS is in zh-CN.
 */
@Component
class RepairTelling {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Notifications notifications;
    private final Clock clock;

    RepairTelling(Notifications notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    private String local(OffsetDateTime t) {
        return t == null ? "-" : TIME.format(t.atZoneSameInstant(clock.getZone()));
    }

    void tell(RepairDesk.Recipient who, String template, Repairs.RepairJobView job, Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("job", String.valueOf(job.id()));
        p.put("place", job.place());
        p.put("arriveBy", local(job.arriveBy()));
        p.put("crew", job.crewName() == null ? "-" : job.crewName());
        p.put("team", job.teamName() == null ? "-" : job.teamName());
        p.put("at", local(OffsetDateTime.ofInstant(clock.instant(), clock.getZone())));
        p.put("reason", "-");
        p.putAll(extra);
        send(who, template, p);
    }

    void knownOutage(RepairDesk.Recipient who, String place, OutageView outage) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("place", place);
        p.put("cause", outage.cause());
        p.put("end", local(outage.expectedRestorationAt()));
        send(who, "repair.known-outage", p);
    }

    private void send(RepairDesk.Recipient who, String template, Map<String, String> parameters) {
        String key = "repair:" + who.reportId() + ":" + template;
        if (who.userId() != null)
            // no locale: the user's language for notices (zh-CN unless they chose English)
            notifications.send(Notify.of(key, Notify.Recipient.user(who.userId()), template, parameters, null));
        else if (who.phone() != null)
            notifications.send(Notify.of(key, Notify.Recipient.phone(who.phone()), template, parameters, Locale.CHINA));
    }
}
