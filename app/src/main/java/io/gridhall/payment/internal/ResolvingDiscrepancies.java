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
import java.util.ArrayList;
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
 * our payment's) belongs to their branches; only staff who see every one of them list it, count it or resolve it, to
 * anyone else it is unknown (404), so nobody posts to another branch's account by resolving (issue #10). One that
 * concerns no account we know posts nothing and is every approver's. The rule is applied once, when a discrepancy is
 * found ({@link #place}): its branches are kept on its row ({@code branch_ids}), and every list, count and resolution
 * asks {@link #sees} of them in SQL, so a list is filtered before it is cut at its limit.
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

        /** One discrepancy (its row is locked already when it is resolved). */
        Optional<D> find(long id);

        /** Discrepancies not placed in their branches yet, at most {@code limit}. */
        List<D> unplaced(int limit);

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

    /**
     * The SQL condition that the actor sees the discrepancy of the alias's row, with the parameter {@code :scope}
     * bound to {@link #scope}: staff of all branches see every one; others those whose branches are all theirs (none,
     * when it concerns no account we know), once placed. The same condition scopes a gateway's bill lines and our side
     * of its run (ADR 0018), placed by {@link #placements}.
     */
    static String sees(String alias) {
        return "(cast(:scope as bigint[]) is null or (%1$s.branch_ids is not null and %1$s.branch_ids <@ cast(:scope as bigint[])))"
                .formatted(alias);
    }

    /** The value of {@code :scope} for the actor: null for staff of all branches, else their branches. */
    static Long[] scope(Actor actor) {
        List<Long> scope = actor.branchScope();
        return scope == null ? null : scope.toArray(Long[]::new);
    }

    /**
     * Places every discrepancy of the source not placed yet in the branches of the accounts it concerns: those the
     * reconciliation just found, and (when the application starts) any found before branches were kept. An account no
     * branch is known of counts as {@link #NO_BRANCH}, which no member of staff has. Answers how many it placed.
     */
    <D extends Discrepancy<R>, R extends Enum<R>> int place(Source<D, R> source) {
        int placed = 0;
        for (List<D> ds = source.unplaced(500); !ds.isEmpty(); ds = source.unplaced(500)) {
            Map<Long, Set<Long>> of = source.accounts(ds);
            Long[] ids = new Long[ds.size()];
            List<Set<Long>> accounts = new ArrayList<>(ds.size());
            for (int i = 0; i < ds.size(); i++) {
                ids[i] = ds.get(i).discrepancyId();
                accounts.add(of.getOrDefault(ids[i], Set.of()));
            }
            String[] placedIn = placements(accounts, false);
            placed += jdbc.sql("update " + source.table() + """
                             d set branch_ids = cast(p.branches as bigint[])
                            from unnest(:ids, :branches) as p(id, branches)
                            where d.discrepancy_id = p.id and d.branch_ids is null""")
                    .param("ids", ids)
                    .param("branches", placedIn)
                    .update();
        }
        return placed;
    }

    /** The branch of an account that no branch is known of: no member of staff has it. */
    static final long NO_BRANCH = 0;

    /**
     * The {@code branch_ids} (as {@code bigint[]} literals, for {@code cast(... as bigint[])}) of rows that concern
     * each set of supply accounts, for {@link #sees}: the branches of the accounts, {@link #NO_BRANCH} for an account no
     * branch is known of. Rows of no account are seen by every approver ({@code {}}: a discrepancy, which posts
     * nothing), or with {@code unknownIsAllBranches} by staff of all branches only ({@code {0}}: a gateway's bill line
     * of an order not ours, money we cannot place in a branch).
     */
    String[] placements(List<Set<Long>> accounts, boolean unknownIsAllBranches) {
        Map<Long, BranchId> branches = branches(accounts);
        String[] out = new String[accounts.size()];
        for (int i = 0; i < out.length; i++) {
            Set<Long> of = accounts.get(i);
            out[i] = of.isEmpty() && unknownIsAllBranches
                    ? "{" + NO_BRANCH + "}"
                    : of.stream()
                            .map(a -> branches.containsKey(a) ? branches.get(a).value() : NO_BRANCH)
                            .distinct()
                            .sorted()
                            .map(String::valueOf)
                            .collect(Collectors.joining(",", "{", "}"));
        }
        return out;
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
            // locks the row, and answers whether the actor sees it: one they cannot see stays unknown under the lock
            boolean seen = jdbc.sql("select " + sees("d") + " from " + source.table()
                            + " d where d.discrepancy_id = :id for update")
                    .param("scope", scope(actor))
                    .param("id", id)
                    .query(Boolean.class)
                    .optional()
                    .orElse(false);
            D d = source.find(id).filter(x -> seen).orElseThrow(() -> Problem.notFound("reconciliation-discrepancy"));
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
        return source.find(id).orElseThrow();
    }

    private Map<Long, BranchId> branches(Collection<Set<Long>> accounts) {
        Set<Long> all = new HashSet<>();
        accounts.forEach(all::addAll);
        if (all.isEmpty()) return Map.of();
        return customers.accounts(all).stream()
                .collect(Collectors.toMap(SupplyAccountView::id, SupplyAccountView::branchId));
    }
}
