package io.gridhall.payment.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.shared.Money;
import io.gridhall.shared.Problem;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every request one person makes and another decides (refunds, penalty waivers) shares: who may decide it,
 * the name kept with it, and the audit record of the decision (ADR 0014).
 */
final class FourEyes {

    private FourEyes() {}

    /** Still open, and not the decider's own request. */
    static void requireDecidable(Actor actor, RequestStatus status, long requestedById) {
        if (status != RequestStatus.REQUESTED) throw Problem.conflict("waiver-decided", status.name());
        if (requestedById == actor.userId().value()) throw Problem.conflict("waiver-own-request");
    }

    /** The staff name kept with a request or decision (the column holds 100 characters). */
    static String name(Actor actor) {
        String s = actor.displayName() == null ? "" : actor.displayName();
        return s.length() <= 100 ? s : s.substring(0, 100);
    }

    /** A decision's note as kept: stripped, null when blank. */
    static String note(String note) {
        return note == null || note.isBlank() ? null : note.strip();
    }

    /** Audits {@code payment.<kind>.approve} or {@code .reject} on the request. */
    static void audit(
            Audit audit,
            Actor actor,
            String kind,
            long requestId,
            RequestStatus decision,
            long accountId,
            Money amount,
            long requestedById,
            Long posting,
            String note) {
        audit(audit, actor, kind, requestId, decision, accountId, amount, null, requestedById, posting, note);
    }

    /** As above, with the amount approved when it is less than was asked (both are audited). */
    static void audit(
            Audit audit,
            Actor actor,
            String kind,
            long requestId,
            RequestStatus decision,
            long accountId,
            Money amount,
            Money approved,
            long requestedById,
            Long posting,
            String note) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("accountId", accountId);
        details.put("amount", amount.toString());
        if (approved != null) details.put("approvedAmount", approved.toString());
        details.put("requestedBy", requestedById);
        if (posting != null) details.put("posting", posting);
        if (note != null) details.put("note", note);
        audit.record(
                actor,
                "payment." + kind + "." + (decision == RequestStatus.APPROVED ? "approve" : "reject"),
                kind,
                String.valueOf(requestId),
                details);
    }
}
