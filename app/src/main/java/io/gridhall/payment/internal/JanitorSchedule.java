package io.gridhall.payment.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the gateway janitor on every node where {@code gridhall.payment.janitor.enabled} (the default). */
@Component
@ConditionalOnBooleanProperty(name = "gridhall.payment.janitor.enabled", matchIfMissing = true)
class JanitorSchedule {

    private static final Logger log = LoggerFactory.getLogger(JanitorSchedule.class);
    private static final int MAX_BATCHES_PER_POLL = 20;

    private final GatewayJanitor janitor;
    private final GatewaySettings settings;
    private final CollectingThroughAgents agents;

    JanitorSchedule(GatewayJanitor janitor, GatewaySettings settings, CollectingThroughAgents agents) {
        this.janitor = janitor;
        this.settings = settings;
        this.agents = agents;
    }

    /** The collection agents' nonces, once older than twice their time window (ADR 0020). */
    @Scheduled(fixedDelayString = "${gridhall.payment.janitor.poll-interval:10s}")
    void forgetAgentNonces() {
        try {
            agents.forgetNonces();
        } catch (RuntimeException e) {
            log.warn("The agents' old nonces could not be removed; trying again at the next poll", e);
        }
    }

    @Scheduled(fixedDelayString = "${gridhall.payment.janitor.poll-interval:10s}")
    void poll() {
        try {
            for (int i = 0; i < MAX_BATCHES_PER_POLL; i++)
                if (janitor.sweep() < settings.janitor().batchSize()) return;
        } catch (RuntimeException e) {
            log.warn("The gateway janitor failed; trying again at the next poll", e);
        }
    }
}
