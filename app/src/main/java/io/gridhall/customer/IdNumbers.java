package io.gridhall.customer;

import java.time.DateTimeException;
import java.time.LocalDate;

/** Resident ID numbers (居民身份证号码) per GB 11643-1999: 6-digit area, birth date, sequence, ISO 7064 check. */
public final class IdNumbers {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private IdNumbers() {}

    /** The check character for the first 17 digits. */
    public static char checkCharacter(CharSequence first17) {
        if (first17.length() != 17) throw new IllegalArgumentException("17 digits expected");
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17.charAt(i);
            if (c < '0' || c > '9') throw new IllegalArgumentException("digits expected");
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** 18 characters, a real birth date and a matching check character ('x' accepted for 'X'). */
    public static boolean isValid(String id) {
        if (id == null || id.length() != 18) return false;
        String first17 = id.substring(0, 17);
        if (!first17.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
        try {
            LocalDate.of(
                    Integer.parseInt(id.substring(6, 10)),
                    Integer.parseInt(id.substring(10, 12)),
                    Integer.parseInt(id.substring(12, 14)));
        } catch (DateTimeException e) {
            return false;
        }
        int year = Integer.parseInt(id.substring(6, 10));
        if (year < 1900) return false;
        return Character.toUpperCase(id.charAt(17)) == checkCharacter(first17);
    }

    /** Upper-case X, no spaces: the form stored and hashed. */
    public static String normalise(String id) {
        return id == null ? null : id.strip().toUpperCase(java.util.Locale.ROOT);
    }
}
