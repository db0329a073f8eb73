package io.gridhall.metering;

import java.util.UUID;

/** A meter command reached a final state (VERIFIED, FAILED, EXPIRED or SUPERSEDED). */
public record MeterCommandSettled(
        UUID commandId, String intentId, long meterId, CommandAction action, CommandState state) {}
