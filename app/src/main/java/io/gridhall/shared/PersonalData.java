package io.gridhall.shared;

/**
 * Masks personal data for display. Every response shows these forms unless the caller holds the
 * unmask permission and gave a reason (which is audited).
 */
public final class PersonalData {

    private PersonalData() {}

    /** 13812345678 -> 138****5678; other lengths keep the first 3 and last 2 where there is room. */
    public static String maskPhone(String phone) {
        if (phone == null || phone.isBlank()) return phone;
        String p = phone.strip();
        if (p.length() >= 11) return p.substring(0, 3) + "****" + p.substring(p.length() - 4);
        if (p.length() > 5) return p.substring(0, 3) + "*".repeat(p.length() - 5) + p.substring(p.length() - 2);
        return "*".repeat(p.length());
    }

    /** 张三 -> 张*, 欧阳娜娜 -> 欧***, Alice Smith -> A*********. Companies keep their name. */
    public static String maskName(String name) {
        if (name == null || name.isBlank()) return name;
        int first = name.codePointAt(0);
        int rest = name.codePointCount(0, name.length()) - 1;
        return new String(Character.toChars(first)) + "*".repeat(Math.max(rest, 1));
    }

    /** 110101199003071234 -> 1***************34: keeps the first and the last two characters. */
    public static String maskIdNumber(String id) {
        if (id == null || id.isBlank()) return id;
        if (id.length() <= 4) return "*".repeat(id.length());
        return id.charAt(0) + "*".repeat(id.length() - 3) + id.substring(id.length() - 2);
    }

    /** Keeps the first third of an address (province, city, district) and masks the rest. */
    public static String maskAddress(String address) {
        if (address == null || address.isBlank()) return address;
        int n = address.codePointCount(0, address.length());
        int keep = Math.max(1, Math.min(n - 1, Math.max(6, n / 3)));
        int cut = address.offsetByCodePoints(0, keep);
        return address.substring(0, cut) + "****";
    }

    /** a.b@example.com -> a***@example.com */
    public static String maskEmail(String email) {
        if (email == null || email.isBlank()) return email;
        int at = email.indexOf('@');
        if (at <= 0) return "*".repeat(email.length());
        return email.charAt(0) + "***" + email.substring(at);
    }
}
