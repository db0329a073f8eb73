package io.gridhall.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;

class ActorSerialisationTests {

    @Test
    void theSecurityContextWithAnActorSurvivesJavaSerialisation() throws Exception {
        Actor actor = new Actor(
                new UserId(42),
                Actor.Kind.STAFF,
                "王五",
                Set.of(Role.BRANCH_MANAGER, Role.AUDITOR),
                Set.of(new BranchId(1), new BranchId(2)));
        var context = new SecurityContextImpl(new UsernamePasswordAuthenticationToken(actor, null, List.of()));
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(context);
        }
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            var back = (SecurityContextImpl) in.readObject();
            assertThat(back.getAuthentication().getPrincipal()).isEqualTo(actor);
        }
    }
}
