package io.gridhall.outage;

/** An outage notice's id. */
public record OutageId(long value) {}
