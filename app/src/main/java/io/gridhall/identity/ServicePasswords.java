package io.gridhall.identity;

/**
 * The service password (服务密码) of a supply account: six digits that protect account queries and
 * changes by phone, at the counter and when a portal user binds the account. Stored hashed, keyed by
 * the account's id in the customer module.
 */
public interface ServicePasswords {

    /** Whether the password matches; repeated failures for one account are throttled (429). */
    boolean verify(long supplyAccountId, String password);

    boolean isSet(long supplyAccountId);

    void set(Actor actor, long supplyAccountId, String newPassword);
}
