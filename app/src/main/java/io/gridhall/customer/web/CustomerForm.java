package io.gridhall.customer.web;

import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.internal.CustomerDesk.CustomerInput;
import io.gridhall.identity.BranchId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A customer as entered at the counter. On creation, an address opens the first supply account; on update, the
 * account fields are ignored. The console checks the same rules with the same messages before sending
 * ({@code customerRules.ts}); {@code CustomerRulesAgreementTests} runs both over one set of cases.
 */
@ValidCustomer
public record CustomerForm(
        @NotNull(message = "{Customer.customerClass.required}")
        CustomerClass customerClass,

        @NotNull(message = "{Customer.kind.required}") CustomerKind kind,

        @NotBlank(message = "{Customer.name.required}") @Size(max = 100, message = "{Customer.tooLong}")
        String name,

        @NotBlank(message = "{Customer.idNumber.required}") @Size(max = 40, message = "{Customer.tooLong}")
        String idNumber,

        @Positive(message = "{Customer.contractedKva.range}")
        @Max(value = 1_000_000, message = "{Customer.contractedKva.range}")
        Integer contractedKva,

        @Positive(message = "{Customer.contractedDemandKw.range}")
        @Max(value = 1_000_000, message = "{Customer.contractedDemandKw.range}")
        Integer contractedDemandKw,

        @Min(value = 1, message = "{Customer.householdSize.range}")
        @Max(value = 99, message = "{Customer.householdSize.range}")
        Integer householdSize,

        @NotBlank(message = "{Customer.phone.required}") @Pattern(regexp = PHONE, message = "{Phone}")
        String phone,

        @Pattern(regexp = EMAIL, message = "{Customer.email.invalid}") @Size(max = 200, message = "{Customer.tooLong}")
        String email,

        @NotNull(message = "{Customer.branchId.required}") Long branchId,
        @Size(max = 200, message = "{Customer.tooLong}") String address,
        @Size(max = 40, message = "{Customer.tooLong}") String tariffCategory,
        @Size(max = 100, message = "{Customer.tooLong}") String accountName) {

    /** A mainland China mobile number, optionally with +86 or 86 in front. */
    static final String PHONE = "^(\\+?86)?1[3-9][0-9]{9}$";

    /** Empty (none), or one @ with something on both sides and a dot in the domain; no spaces. */
    static final String EMAIL = "^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";

    CustomerInput input() {
        return new CustomerInput(
                customerClass,
                kind,
                name,
                idNumber,
                contractedKva,
                contractedDemandKw,
                householdSize,
                phone,
                email,
                branchId == null ? null : new BranchId(branchId),
                address,
                tariffCategory,
                accountName);
    }

    /** The stored customer as a form, to apply an edit to. */
    static CustomerForm of(CustomerInput stored) {
        return new CustomerForm(
                stored.customerClass(),
                stored.kind(),
                stored.name(),
                stored.idNumber(),
                stored.contractedKva(),
                stored.contractedDemandKw(),
                stored.householdSize(),
                stored.phone(),
                stored.email(),
                stored.branchId() == null ? null : stored.branchId().value(),
                null,
                null,
                null);
    }
}
