package io.gridhall.outage;

/**
 * What one version of an outage changed, and the state it leaves the outage in. The transition table is
 * {@link OutageStatus#canMoveTo}; {@link #notifies} says whether the affected customers hear of it.
 */
public enum OutageChange {
    DRAFTED(OutageStatus.DRAFT, false, false),
    EDITED(OutageStatus.DRAFT, false, false),
    APPROVED(OutageStatus.APPROVED, false, false),
    PUBLISHED(OutageStatus.PUBLISHED, true, false),
    /** A fault outage, opened and published at once. */
    OPENED(OutageStatus.PUBLISHED, true, false),
    /** The start (or the start and the restoration) moved. */
    RESCHEDULED(OutageStatus.PUBLISHED, true, true),
    /** More nodes: the accounts below them are matched and told. */
    WIDENED(OutageStatus.PUBLISHED, true, true),
    /** Restoration expected later than announced. */
    DELAYED(OutageStatus.PUBLISHED, true, true),
    CANCELLED(OutageStatus.CANCELLED, true, true),
    RESTORED(OutageStatus.RESTORED, true, false);

    private final OutageStatus to;
    private final boolean notifies;
    private final boolean needsReason;

    OutageChange(OutageStatus to, boolean notifies, boolean needsReason) {
        this.to = to;
        this.notifies = notifies;
        this.needsReason = needsReason;
    }

    public OutageStatus to() {
        return to;
    }

    /** Whether the affected customers are told (only once the outage is published). */
    public boolean notifies() {
        return notifies;
    }

    /** Whether the dispatcher must say why (it goes into the notice and the history). */
    public boolean needsReason() {
        return needsReason;
    }
}
