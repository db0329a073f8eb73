package io.gridhall.shared;

import org.springframework.validation.BindingResult;

/**
 * Field errors found by checking a value the request did not carry whole (an edit applied to the stored record):
 * answered like a failed {@code @Valid}, as an {@code invalid-input} problem listing the fields in the caller's
 * language. Unchecked, so it can leave a lambda run inside a transaction.
 */
public class InvalidFields extends RuntimeException {

    private final transient BindingResult result;

    public InvalidFields(BindingResult result) {
        super(
                "invalid fields: "
                        + result.getFieldErrors().stream()
                                .map(e -> e.getField())
                                .toList(),
                null,
                false,
                false);
        this.result = result;
    }

    public BindingResult result() {
        return result;
    }
}
