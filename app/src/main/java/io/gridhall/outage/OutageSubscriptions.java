package io.gridhall.outage;

import io.gridhall.identity.Actor;
import java.util.List;

/**
 * Subscriptions to outage notices (OUT-2): a portal customer hears the notices of an account (a parent's, a shop's)
 * or of the whole transformer area an account is in, through their own channel choices, once per notice however
 * many ways it reaches them. An account not bound to the customer needs its holder's name (户名): an unknown number
 * and a wrong name are the same 404, so numbers cannot be tried out.
 */
public interface OutageSubscriptions {

    int MAX_PER_USER = 20;

    List<SubscriptionView> mine(Actor actor);

    /** @param area true: the transformer area the account is in; false: the account itself */
    SubscriptionView subscribe(Actor actor, String accountNumber, String accountName, boolean area);

    void unsubscribe(Actor actor, long id);
}
