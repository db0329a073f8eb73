package io.gridhall.billing.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.UserId;
import java.time.Instant;

/**
 * Where a maker-checker version (a tariff version, a year of the holiday calendar) stands and who signed it: {@code
 * status} PACK (from the tariff pack, signed by no one), DRAFT, APPROVED or, in the answer to a rejection, REJECTED.
 * {@code draftedById} is the maker, so a caller can be told whether the draft is their own (the four-eyes rule); it
 * does not leave the module's API.
 */
public record SignOff(
        String status, UserId draftedById, String draftedBy, Instant draftedAt, String approvedBy, Instant approvedAt) {

    public static final String PACK = "PACK";
    public static final String DRAFT = "DRAFT";
    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";

    /** A version from the tariff pack. */
    static final SignOff FROM_PACK = new SignOff(PACK, null, null, null, null, null);

    /** A stored version as it stands. */
    static SignOff of(MakerChecker.Entry e) {
        return new SignOff(
                e.status(),
                new UserId(e.draftedBy()),
                e.draftedByName(),
                e.draftedAt(),
                e.approvedByName(),
                e.approvedAt());
    }

    /** A draft {@code maker} just made. */
    static SignOff drafted(Actor maker, Instant at) {
        return new SignOff(DRAFT, maker.userId(), maker.displayName(), at, null, null);
    }

    /** A stored draft as the decision on it left it: approved by {@code checker} at {@code at}, or rejected. */
    static SignOff decided(MakerChecker.Decided d, Actor checker) {
        MakerChecker.Entry e = d.entry();
        return d.approved()
                ? new SignOff(
                        APPROVED,
                        new UserId(e.draftedBy()),
                        e.draftedByName(),
                        e.draftedAt(),
                        checker.displayName(),
                        d.at())
                : new SignOff(REJECTED, new UserId(e.draftedBy()), e.draftedByName(), e.draftedAt(), null, null);
    }

    /** Whether {@code actor} drafted it (and so may not approve it). */
    public boolean draftedBy(Actor actor) {
        return draftedById != null && draftedById.equals(actor.userId());
    }

    /** Not a draft: it rates (from the pack or approved). */
    public boolean inForce() {
        return PACK.equals(status) || APPROVED.equals(status);
    }
}
