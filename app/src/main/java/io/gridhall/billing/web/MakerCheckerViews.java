package io.gridhall.billing.web;

import io.gridhall.billing.internal.SignOff;
import io.gridhall.billing.internal.Tariffs;
import io.gridhall.billing.internal.rating.TariffProblem;
import io.gridhall.identity.Actor;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Problem;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The API's side of the catalogue's maker-checker, for every kind of entry staff draft and another member of staff
 * approves (tariff versions, holiday calendar years; the next one reuses it): the draft's body, the decision on it,
 * and who drafted and approved a version. Each kind names its problems with its own prefix ({@code tariff},
 * {@code calendar}): {@code <prefix>-invalid}, {@code <prefix>-reject-reason}.
 */
final class MakerCheckerViews {

    private MakerCheckerViews() {}

    enum Decision {
        APPROVE,
        REJECT
    }

    /** A decision on an open draft: APPROVE, or REJECT with a meaningful reason. */
    record DecisionIn(
            @NotNull Decision decision,
            @Size(max = MeaningfulReason.MAX_LENGTH) String reason) {

        /** Whether it approves; 400 {@code <problem>-reject-reason} for a rejection without a meaningful reason. */
        boolean approves(String problem) {
            if (decision == Decision.REJECT && !MeaningfulReason.Check.isMeaningful(reason))
                throw Problem.badRequest(problem + "-reject-reason");
            return decision == Decision.APPROVE;
        }
    }

    /**
     * Where a version stands and who signed it, in every version's view (there {@code @JsonUnwrapped}: its fields are
     * the view's own): {@code status} PACK (from the tariff pack), DRAFT, APPROVED or, in the answer to a rejection,
     * REJECTED; {@code draftedByYou} whether the caller drafted it, so may not approve it (the maker's id is not
     * shown).
     */
    record SignOffOut(
            String status,
            String draftedBy,
            Instant draftedAt,
            boolean draftedByYou,
            String approvedBy,
            Instant approvedAt) {

        static SignOffOut of(SignOff s, Actor caller) {
            return new SignOffOut(
                    s.status(), s.draftedBy(), s.draftedAt(), s.draftedBy(caller), s.approvedBy(), s.approvedAt());
        }
    }

    /**
     * A draft's body as the JSON text the catalogue reads; 400 {@code <problem>-invalid} with the error on
     * {@code field} unless it is a JSON object.
     */
    static String draftBody(Tariffs tariffs, JsonNode body, String problem, String field) {
        if (body == null || !body.isObject())
            throw tariffs.invalid(
                    problem + "-invalid", List.of(new TariffProblem(field, TariffProblem.Code.NOT_A_MAPPING)));
        return body.toString();
    }
}
