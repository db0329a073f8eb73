package io.gridhall.payment.internal;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.shared.Problem;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How a person resolves what a reconciliation found, the same for the gateways' bills (ADR 0018) and the collection
 * agents' files (ADR 0020); a {@link Source} says what differs. A resolution takes PAYMENT_APPROVE, a note, an action
 * that fits the discrepancy's kind, and the branches of its accounts; it is made once (409 after), with what the action
 * posts, and audited, all in one transaction.
 *
 * <p>Branch scope (ADR 0010): a discrepancy that concerns supply accounts (the order's, the account the agent names,
 * our payment's) belongs to their branches; only staff who see every one of them list it or resolve it, to anyone else
 * it is unknown (404), so nobody posts to another branch's account by resolving (issue #10). One that concerns no
 * account we know posts nothing and is every approver's.
 */
@Component
class ResolvingDiscrepancies {

    /** What a discrepancy of either source has for its resolution. */
    interface Discrepancy<R extends Enum<R>> {
        long discrepancyId();

        BillMatching.Kind kind();

        boolean open();

        R resolution();
    }

    /** What differs between the gateways' discrepancies and the agents'. */
    interface Source<D extends Discrepancy<R>, R extends Enum<R>> {

        /** The table of its discrepancies, whose resolution columns are the same. */
        String table();

        /** One discrepancy, its row locked when asked. */
        Optional<D> find(long id, boolean lock);

        /** The supply accounts each discrepancy of the list concerns, by discrepancy id. */
        Map<Long, Set<Long>> accounts(List<D> discrepancies);

        /** Whether the action fits the discrepancy. */
        boolean fits(D d, R action);

        /** Posts what the action posts, in the resolution's transaction: its posting, or null. */
        Long post(D d, R action, String note, Actor actor);

        /** The problem code of an action that does not fit (args: the action, the kind). */
        String actionProblem();

        /** The audit's action and object type. */
        String auditAction();

        String auditObject();

        /** The audit's details that name the discrepancy: its source, day, kind and reference. */
        Map<String, Object> details(D d);
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Customers customers;
    private final Audit audit;
    private final Clock clock;

    ResolvingDiscrepancies(JdbcClient jdbc, TransactionTemplate tx, Customers customers, Audit audit, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.customers = customers;
        this.audit = audit;
        this.clock = clock;
    }

    /** The discrepancies of the list the actor sees, in their order. */
    <D extends Discrepancy<R>, R extends Enum<R>> List<D> visible(Actor actor, List<D> ds, Source<D, R> source) {
        if (ds.isEmpty() || actor.branchScope() == null) return ds;
        Map<Long, Set<Long>> of = source.accounts(ds);
        Map<Long, BranchId> branches = branches(of.values());
        return ds.stream()
                .filter(d -> sees(actor, of.getOrDefault(d.discrepancyId(), Set.of()), branches))
                .toList();
    }

    /**
     * Resolves a discrepancy with an action and a note: refused before anything is written when the actor may not,
     * the note is blank, the action does not fit, or it is resolved already.
     */
    <D extends Discrepancy<R>, R extends Enum<R>> D resolve(
            Actor actor, long id, R action, String note, Source<D, R> source) {
        actor.require(Permission.PAYMENT_APPROVE);
        String kept = FourEyes.note(note);
        if (kept == null) throw Problem.badRequest("reconciliation-note");
        if (action == null) throw Problem.badRequest(source.actionProblem(), "", "");
        tx.executeWithoutResult(s -> {
            D d = source.find(id, true)
                    .filter(x -> visible(actor, List.of(x), source).size() == 1)
                    .orElseThrow(() -> Problem.notFound("reconciliation-discrepancy"));
            if (!d.open())
                throw Problem.conflict("discrepancy-resolved", d.resolution().name());
            if (!source.fits(d, action))
                throw Problem.badRequest(
                        source.actionProblem(), action.name(), d.kind().name());
            Long posting = source.post(d, action, kept, actor);
            jdbc.sql("update " + source.table() + """
                             set state = 'RESOLVED', resolution = :action, note = left(:note, 500), resolved_by = :by,
                                resolved_by_name = :name, resolved_at = :now, posting_id = :posting
                            where discrepancy_id = :id and state = 'OPEN'""")
                    .param("action", action.name())
                    .param("note", kept)
                    .param("by", actor.userId().value())
                    .param("name", FourEyes.name(actor))
                    .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                    .param("posting", posting)
                    .param("id", id)
                    .update();
            Map<String, Object> details = new LinkedHashMap<>(source.details(d));
            details.put("kind", d.kind().name());
            details.put("action", action.name());
            if (posting != null) details.put("posting", posting);
            details.put("note", kept);
            audit.record(actor, source.auditAction(), source.auditObject(), String.valueOf(id), details);
        });
        return source.find(id, false).orElseThrow();
    }

    private static boolean sees(Actor actor, Set<Long> accounts, Map<Long, BranchId> branches) {
        return accounts.stream().allMatch(a -> branches.containsKey(a) && actor.sees(branches.get(a)));
    }

    private Map<Long, BranchId> branches(Collection<Set<Long>> accounts) {
        Set<Long> all = new HashSet<>();
        accounts.forEach(all::addAll);
        if (all.isEmpty()) return Map.of();
        return customers.accounts(all).stream()
                .collect(Collectors.toMap(SupplyAccountView::id, SupplyAccountView::branchId));
    }
}
