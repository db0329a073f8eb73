package io.gridhall.metering;

import java.util.UUID;

/**
 * The outcome of storing a delivery.
 *
 * @param replayed true when the key was seen before and nothing was stored this time
 * @param intervalRows meter-channel-days inserted or changed
 * @param registerRows register rows inserted or changed
 * @param conflicts actual values that differed from stored actual ones (the first is kept)
 */
public record StoredBatch(UUID batchId, boolean replayed, int intervalRows, int registerRows, int conflicts) {}
