package io.gridhall.notification.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * What an outside operator (SMS gateway, WeChat) does with a submission, without the network: it
 * is busy now and then, gives a message id, and answers a repeated client reference with the id it
 * gave the first time instead of sending twice.
 */
class OperatorSimulation {

    private static final int REMEMBERED = 100_000;

    private final String idPrefix;
    private final int failurePercent;
    private final Random dice;
    private final Map<Long, String> accepted = new LinkedHashMap<>(1024) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > REMEMBERED;
        }
    };
    private long sequence;

    OperatorSimulation(String idPrefix, int failurePercent, Random dice) {
        if (failurePercent < 0 || failurePercent > 100) throw new IllegalArgumentException("failure percent 0-100");
        this.idPrefix = idPrefix;
        this.failurePercent = failurePercent;
        this.dice = dice;
    }

    static Random dice(Long seed) {
        return seed == null ? new Random() : new Random(seed);
    }

    record Submission(String messageId, boolean duplicate) {}

    /** Accepts a message under the client's reference, or fails transiently as a busy operator would. */
    synchronized Submission submit(long reference) {
        String known = accepted.get(reference);
        if (known != null) return new Submission(known, true);
        if (failurePercent > 0 && dice.nextInt(100) < failurePercent) {
            throw DeliveryFailed.transientFailure(idPrefix + " operator busy, try again later (simulated)");
        }
        String id = idPrefix + "-" + Long.toString(reference, 36) + "-" + Long.toString(++sequence, 36);
        accepted.put(reference, id);
        return new Submission(id, false);
    }

    synchronized Optional<String> messageIdOf(long reference) {
        return Optional.ofNullable(accepted.get(reference));
    }
}
