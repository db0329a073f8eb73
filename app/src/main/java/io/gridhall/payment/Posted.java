package io.gridhall.payment;

/**
 * The outcome of a posting.
 *
 * @param replayed the key had been posted before: this is that posting, nothing new was written
 */
public record Posted(long postingId, boolean replayed) {}
