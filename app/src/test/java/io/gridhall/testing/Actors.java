package io.gridhall.testing;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;

import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Signed-in callers for MockMvc tests. */
public final class Actors {

    private Actors() {}

    public static Actor staff(BranchId branch, Role... roles) {
        return new Actor(
                new UserId(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)),
                Actor.Kind.STAFF,
                "测试员",
                Set.of(roles),
                Set.of(branch));
    }

    public static Actor customer() {
        return new Actor(
                new UserId(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)),
                Actor.Kind.CUSTOMER,
                "客户",
                Set.of(),
                Set.of());
    }

    public static RequestPostProcessor as(Actor actor) {
        return authentication(new UsernamePasswordAuthenticationToken(actor, null, List.of()));
    }
}
