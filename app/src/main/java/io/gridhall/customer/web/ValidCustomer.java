package io.gridhall.customer.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Rules across fields of a customer form: a person's ID number passes the GB 11643 checksum, an organisation's is a
 * unified social credit code, and a large industrial customer states its contracted capacity.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CustomerFormCheck.class)
public @interface ValidCustomer {
    String message() default "{ValidCustomer}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
