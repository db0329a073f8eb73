package io.gridhall.notification;

import java.util.OptionalLong;

/**
 * SPI the identity module implements: which customer a request's principal is. The notification
 * module sits below identity, so its web layer cannot know identity's principal type itself.
 */
public interface SignedInCustomers {

    /** The user id of the signed-in customer, or empty for staff and anything else. */
    OptionalLong userIdOf(Object principal);
}
