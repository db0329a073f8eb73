package io.gridhall.identity.internal;

import java.util.Optional;

/** What makes a service password acceptable: six digits, not all the same, not a run up or down. */
final class ServicePasswordRules {

    private ServicePasswordRules() {}

    /** The problem code for a weak password, or empty when it is acceptable. */
    static Optional<String> weakness(String password) {
        if (password == null || !password.matches("[0-9]{6}")) return Optional.of("service-password-format");
        boolean same = true;
        boolean up = true;
        boolean down = true;
        for (int i = 1; i < password.length(); i++) {
            int d = password.charAt(i) - password.charAt(i - 1);
            same &= d == 0;
            up &= d == 1;
            down &= d == -1;
        }
        if (same || up || down) return Optional.of("service-password-weak");
        return Optional.empty();
    }
}
