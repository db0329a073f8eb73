package io.gridhall.notification.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Polls the outbox on every node where {@code gridhall.notification.dispatch.enabled} (the default). */
@Component
@ConditionalOnBooleanProperty(name = "gridhall.notification.dispatch.enabled", matchIfMissing = true)
class DispatchSchedule {

    private static final Logger log = LoggerFactory.getLogger(DispatchSchedule.class);
    /** Full batches in a row before yielding, so a backlog drains faster than one batch per interval. */
    private static final int MAX_BATCHES_PER_POLL = 20;

    private final Dispatcher dispatcher;
    private final NotificationSettings settings;

    DispatchSchedule(Dispatcher dispatcher, NotificationSettings settings) {
        this.dispatcher = dispatcher;
        this.settings = settings;
    }

    @Scheduled(fixedDelayString = "${gridhall.notification.dispatch.poll-interval:1s}")
    void poll() {
        try {
            for (int i = 0; i < MAX_BATCHES_PER_POLL; i++) {
                if (dispatcher.dispatchDue() < settings.dispatch().batchSize()) return;
            }
        } catch (RuntimeException e) {
            log.warn("Outbox poll failed; trying again at the next poll", e);
        }
    }
}
