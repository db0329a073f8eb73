package io.gridhall.identity;

import io.gridhall.shared.Problem;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who is calling: the principal of every signed-in request. Controllers take it as
 * {@code @AuthenticationPrincipal Actor actor} and check access on every object they touch.
 */
public record Actor(UserId userId, Kind kind, String displayName, Set<Role> roles, Set<BranchId> branches)
        implements Serializable {

    public enum Kind {
        CUSTOMER,
        STAFF
    }

    public Actor {
        roles = Set.copyOf(roles);
        branches = Set.copyOf(branches);
    }

    public boolean isStaff() {
        return kind == Kind.STAFF;
    }

    public boolean isCustomer() {
        return kind == Kind.CUSTOMER;
    }

    public Set<Permission> permissions() {
        Set<Permission> all = EnumSet.noneOf(Permission.class);
        roles.forEach(r -> all.addAll(r.permissions()));
        return all;
    }

    public boolean has(Permission permission) {
        return isStaff() && roles.stream().anyMatch(r -> r.permissions().contains(permission));
    }

    /** Fails with 403 when the actor lacks the permission. */
    public void require(Permission permission) {
        if (!has(permission)) throw Problem.forbidden("permission-required", permission.name());
    }

    /**
     * The ids of the branches whose objects this actor may see, for filtering queries: null when a member of staff
     * sees every branch (ALL_BRANCHES), none for a customer. The same rule as {@link #sees}.
     */
    public List<Long> branchScope() {
        if (!isStaff()) return List.of();
        if (has(Permission.ALL_BRANCHES)) return null;
        return branches.stream().map(BranchId::value).sorted().toList();
    }

    /** Whether a staff member may see objects owned by the branch: their own, or all with ALL_BRANCHES. */
    public boolean sees(BranchId branch) {
        return isStaff() && (has(Permission.ALL_BRANCHES) || branches.contains(branch));
    }
}
