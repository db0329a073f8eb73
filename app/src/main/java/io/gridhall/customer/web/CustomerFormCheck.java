package io.gridhall.customer.web;

import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.IdNumbers;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.regex.Pattern;

/** Checks {@link ValidCustomer}; each failure names its field so the form can mark it. */
public class CustomerFormCheck implements ConstraintValidator<ValidCustomer, CustomerForm> {

    /** GB 32100 unified social credit code: 18 characters from a 31-letter alphabet (no I, O, S, V, Z). */
    private static final Pattern CREDIT_CODE = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}");

    @Override
    public boolean isValid(CustomerForm form, ConstraintValidatorContext context) {
        if (form == null) return true;
        boolean valid = true;
        context.disableDefaultConstraintViolation();
        if (form.idNumber() != null && !form.idNumber().isBlank()) {
            String id = IdNumbers.normalise(form.idNumber());
            boolean ok = form.kind() == CustomerKind.ORGANISATION
                    ? CREDIT_CODE.matcher(id).matches()
                    : IdNumbers.isValid(id);
            if (!ok) {
                valid = false;
                context.buildConstraintViolationWithTemplate("{ValidCustomer.idNumber}")
                        .addPropertyNode("idNumber")
                        .addConstraintViolation();
            }
        }
        if (form.customerClass() == CustomerClass.LARGE_INDUSTRIAL && form.contractedKva() == null) {
            valid = false;
            context.buildConstraintViolationWithTemplate("{ValidCustomer.contractedKva}")
                    .addPropertyNode("contractedKva")
                    .addConstraintViolation();
        }
        if (form.contractedDemandKw() != null
                && form.contractedKva() != null
                && form.contractedDemandKw() > 0
                && form.contractedDemandKw() > form.contractedKva()) {
            valid = false;
            context.buildConstraintViolationWithTemplate("{ValidCustomer.contractedDemandKw}")
                    .addPropertyNode("contractedDemandKw")
                    .addConstraintViolation();
        }
        return valid;
    }
}
