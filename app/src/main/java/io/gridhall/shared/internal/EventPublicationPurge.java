package io.gridhall.shared.internal;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Completed event publications (proof that a listener ran) are kept for a week for troubleshooting, then dropped:
 * the registry keeps them for ever otherwise, and late-reading batches carry meter lists.
 */
@Component
class EventPublicationPurge {

    private final CompletedEventPublications completed;
    private final Duration keep;

    EventPublicationPurge(
            CompletedEventPublications completed, @Value("${gridhall.events.keep-completed:P7D}") Duration keep) {
        this.completed = completed;
        this.keep = keep;
    }

    @Scheduled(cron = "${gridhall.purge-cron:0 17 3 * * *}", zone = "${gridhall.time-zone:Asia/Shanghai}")
    void purge() {
        completed.deletePublicationsOlderThan(keep);
    }
}
