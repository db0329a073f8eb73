package io.gridhall.identity.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.identity.Role;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The signed-in actor as the portal and console see it; a customer's name is their masked phone. */
record MeView(
        long userId,
        Actor.Kind kind,
        String displayName,
        Set<Role> roles,
        Set<Long> branches,
        Set<Permission> permissions) {

    static MeView of(Actor actor) {
        return new MeView(
                actor.userId().value(),
                actor.kind(),
                actor.displayName(),
                new TreeSet<>(actor.roles()),
                actor.branches().stream().map(BranchId::value).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(actor.permissions()));
    }
}
