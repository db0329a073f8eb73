package io.gridhall.customer.web;

import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.internal.CustomerDesk.CustomerInput;
import io.gridhall.identity.BranchId;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A customer as entered at the counter. On creation, an address opens the first supply account; on update, the
 * account fields are ignored.
 */
@ValidCustomer
public record CustomerForm(
        @NotNull CustomerClass customerClass,
        @NotNull CustomerKind kind,
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 40) String idNumber,
        @Positive @Max(1_000_000) Integer contractedKva,

        @NotBlank @Pattern(regexp = "^(\\+?86)?1[3-9][0-9]{9}$", message = "{Phone}")
        String phone,

        @Email @Size(max = 200) String email,
        @NotNull Long branchId,
        @Size(max = 200) String address,
        @Size(max = 40) String tariffCategory,
        @Size(max = 100) String accountName) {

    CustomerInput input() {
        return new CustomerInput(
                customerClass,
                kind,
                name,
                idNumber,
                contractedKva,
                phone,
                email,
                new BranchId(branchId),
                address,
                tariffCategory,
                accountName);
    }
}
