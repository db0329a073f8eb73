package io.gridhall.outage;

import java.time.Duration;

/**
 * Why the supply stops, which decides how early customers must be told. The periods are the defaults of
 * 《电力供应与使用条例》 article 28: planned maintenance of supply facilities 7 days ahead,
 * temporary maintenance 24 hours ahead, faults at once (no notice period); a deployment may set longer ones
 * ({@code gridhall.outage.notice.*}).
 */
public enum OutageKind {
    /** 计划检修停电: drafted, approved by a second person, published at least the notice period ahead. */
    PLANNED,
    /** 临时检修停电: the same steps with the shorter notice period. */
    TEMPORARY,
    /** 故障停电: opened by a dispatcher and published at once. */
    FAULT;

    /** Whether the outage goes through draft and approval before it is published. */
    public boolean announced() {
        return this != FAULT;
    }

    /** The default notice period; zero for faults. */
    public Duration defaultNotice() {
        return switch (this) {
            case PLANNED -> Duration.ofDays(7);
            case TEMPORARY -> Duration.ofHours(24);
            case FAULT -> Duration.ZERO;
        };
    }
}
