package io.gridhall.identity;

/**
 * The service password (服务密码) of a supply account: six digits that protect account queries and
 * changes by phone, at the counter and when a portal user binds the account. Stored hashed (Argon2id),
 * keyed by the account's id in the customer module. Six digits, not all the same, not a run such as
 * 123456 or 654321.
 */
public interface ServicePasswords {

    /**
     * Whether the password matches. After 5 failures for one account within an hour every call fails
     * with a 429 problem ({@code service-password-throttled}, with {@code retryAfterSeconds}); failures
     * are counted even when the caller's transaction rolls back.
     */
    boolean verify(long supplyAccountId, String password);

    boolean isSet(long supplyAccountId);

    /**
     * Sets or replaces the password and audits it. A staff actor needs CUSTOMER_WRITE; for a customer
     * actor the caller has checked that the account is theirs. A weak password is a 400 problem.
     */
    void set(Actor actor, long supplyAccountId, String newPassword);

    /**
     * Lets a portal customer replace the password after proving the phone again: {@code otpCode} is a
     * code sent to the customer's own phone with purpose {@code SERVICE_PASSWORD_RESET}
     * ({@code POST /api/v1/auth/customer/otp {"purpose":"SERVICE_PASSWORD_RESET"}}). The caller checks
     * that the account is bound to the customer. A wrong or expired code is a 400 problem.
     */
    void resetWithOtp(Actor actor, long supplyAccountId, String otpCode, String newPassword);
}
