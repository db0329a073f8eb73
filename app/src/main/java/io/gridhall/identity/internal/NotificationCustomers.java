package io.gridhall.identity.internal;

import io.gridhall.identity.Actor;
import io.gridhall.notification.SignedInCustomers;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/** Tells the notification module's message centre whose messages a signed-in customer may see. */
@Component
class NotificationCustomers implements SignedInCustomers {

    @Override
    public OptionalLong userIdOf(Object principal) {
        return principal instanceof Actor actor && actor.isCustomer()
                ? OptionalLong.of(actor.userId().value())
                : OptionalLong.empty();
    }
}
