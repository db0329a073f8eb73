package io.gridhall.identity.internal;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A mainland China mobile number, 11 digits {@code 1[3-9]xxxxxxxxx}. Input may carry the country code
 * (+86, 0086, 86) and spaces or dashes as people type them; the value is the bare 11 digits.
 */
public record MobileNumber(String value) {

    private static final Pattern VALID = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-()]");

    public MobileNumber {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("not a mainland China mobile number");
        }
    }

    public static Optional<MobileNumber> parse(String input) {
        if (input == null || input.length() > 32) return Optional.empty();
        String s = SEPARATORS.matcher(input.strip()).replaceAll("");
        if (s.startsWith("+86")) s = s.substring(3);
        else if (s.startsWith("0086")) s = s.substring(4);
        else if (s.length() == 13 && s.startsWith("86")) s = s.substring(2);
        return VALID.matcher(s).matches() ? Optional.of(new MobileNumber(s)) : Optional.empty();
    }

    @Override
    public String toString() {
        return io.gridhall.shared.PersonalData.maskPhone(value);
    }
}
