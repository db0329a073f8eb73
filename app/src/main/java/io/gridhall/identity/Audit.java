package io.gridhall.identity;

import java.util.Map;

/**
 * The append-only, hash-chained audit log. Every module records privileged actions here: sign-ins,
 * unmasking personal data, edits of customer records, meter commands.
 */
public interface Audit {

    /**
     * Records an action in the caller's transaction, so a rolled-back change leaves no audit row and
     * a recorded action is never lost. Takes no lock: the row joins the hash chain after the commit,
     * within moments, in a short transaction of its own (ADR 0006).
     *
     * @param actor who acted; null for the platform acting by itself (a worker, start-up), kept as SYSTEM
     * @param action a dotted verb such as {@code customer.unmask} or {@code meter.command.trip}
     * @param objectType what was acted on, e.g. {@code customer}
     * @param objectId its id as text
     * @param details facts worth keeping (the reason given, old and new values); never secrets
     */
    void record(Actor actor, String action, String objectType, String objectId, Map<String, ?> details);
}
