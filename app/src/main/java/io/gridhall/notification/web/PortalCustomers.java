package io.gridhall.notification.web;

import io.gridhall.notification.SignedInCustomers;
import io.gridhall.shared.Problem;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The signed-in customer behind a portal request, through identity's {@link SignedInCustomers}. */
@Component
class PortalCustomers {

    private final ObjectProvider<SignedInCustomers> signedIn;

    PortalCustomers(ObjectProvider<SignedInCustomers> signedIn) {
        this.signedIn = signedIn;
    }

    long userId(Object principal) {
        SignedInCustomers customers = signedIn.getIfAvailable();
        if (principal == null || customers == null) throw Problem.forbidden("customers-only");
        return customers.userIdOf(principal).orElseThrow(() -> Problem.forbidden("customers-only"));
    }
}
