package io.gridhall.customer.internal;

/** Phone numbers as compared in search and bindings: digits only, without the +86 / 0086 country prefix. */
final class Phones {

    private Phones() {}

    static String normalise(String phone) {
        if (phone == null) return null;
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.startsWith("0086")) digits = digits.substring(4);
        else if (digits.startsWith("86") && digits.length() == 13) digits = digits.substring(2);
        return digits.isEmpty() ? null : digits;
    }
}
