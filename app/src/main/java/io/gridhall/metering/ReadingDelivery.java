package io.gridhall.metering;

import java.util.List;

/**
 * Readings delivered together. The idempotency key (unique per source) makes a repeat a no-op that
 * returns the first result; the same key with different content is refused.
 */
public record ReadingDelivery(
        String idempotencyKey, ReadingSource source, List<IntervalDay> intervals, List<RegisterRead> registers) {

    public ReadingDelivery {
        intervals = List.copyOf(intervals);
        registers = List.copyOf(registers);
    }
}
