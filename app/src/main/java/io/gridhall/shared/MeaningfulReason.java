package io.gridhall.shared;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A reason someone must give for a sensitive act (unmasking personal data, a remote trip) that is written to the
 * audit log: after trimming, {@value #MIN_LENGTH} to {@value #MAX_LENGTH} characters, of which at least
 * {@value #MIN_LETTERS} are letters or ideographs, and no control characters. "x" plus spaces is not a reason. The
 * consoles check the same rule ({@code shared/reasons.ts}) and show the same message.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = MeaningfulReason.Check.class)
public @interface MeaningfulReason {

    int MIN_LENGTH = 4;
    int MAX_LENGTH = 200;
    int MIN_LETTERS = 2;

    String message() default "{MeaningfulReason}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Validates {@link MeaningfulReason}. */
    class Check implements ConstraintValidator<MeaningfulReason, String> {

        /** The rule itself, for code that takes a reason without bean validation. Null is not a reason. */
        public static boolean isMeaningful(String reason) {
            if (reason == null) return false;
            String s = reason.strip();
            int length = s.codePointCount(0, s.length());
            if (length < MIN_LENGTH || length > MAX_LENGTH) return false;
            if (s.codePoints().anyMatch(Character::isISOControl)) return false;
            return s.codePoints().filter(Character::isLetter).limit(MIN_LETTERS).count() >= MIN_LETTERS;
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return isMeaningful(value);
        }
    }
}
