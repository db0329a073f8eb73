package io.gridhall.identity;

import java.util.List;
import java.util.Set;

/** Creates and finds staff accounts; used by administrators and by the demo utility generator. */
public interface StaffDirectory {

    /**
     * A new member of staff with an initial password and a TOTP secret (Base32) for the second factor.
     *
     * @param totpSecret null to generate one; the demo uses fixed secrets so its sign-ins can be printed
     */
    record NewStaff(
            String username,
            String displayName,
            String password,
            String totpSecret,
            Set<Role> roles,
            Set<BranchId> branches) {}

    UserId create(NewStaff staff);

    /** Creates many in one transaction; existing usernames are left as they are (idempotent). */
    List<UserId> createAll(List<NewStaff> staff);
}
