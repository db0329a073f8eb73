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

    /**
     * Keeps an address's district (省市区, 县, 旗 or county-level 市) and a short tail, masking the street between, so
     * customers of one district can still be told apart: 浙江省杭州市西湖区文三路123号5幢201室 -> 浙江省杭州市西湖区****201室.
     * Without a district it keeps the first third (at least 6 characters). The console mirrors this rule
     * ({@code masking.ts}); both run {@code maskAddress.cases.json}.
     */
    public static String maskAddress(String address) {
        if (address == null || address.isBlank()) return address;
        int[] cps = address.codePoints().toArray();
        int n = cps.length;
        int keep = districtEnd(cps);
        if (keep < 0 || keep >= n) keep = Math.max(1, Math.min(n - 1, Math.max(6, n / 3)));
        int rest = n - keep;
        int tail = rest >= 8 ? 4 : rest >= 4 ? 2 : 0;
        return new String(cps, 0, keep) + "****" + new String(cps, n - tail, tail);
    }

    /** Code points up to and including the district, or -1: the first 区/县/旗/市 after the city (市, else 州 or 盟). */
    private static int districtEnd(int[] cps) {
        int from = indexOf(cps, "市", 0, 16);
        if (from < 0) from = indexOf(cps, "州盟", 0, 16);
        int start = from + 1;
        int end = indexOf(cps, from < 0 ? "区县旗" : "区县旗市", start, start + 8);
        return end < 0 ? -1 : end + 1;
    }

    private static int indexOf(int[] cps, String any, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(cps.length, to); i++) {
            if (any.indexOf(cps[i]) >= 0) return i;
        }
        return -1;
    }

    /** 6222021234567890123 -> 6222***********0123: a bank account number keeps its first and last four digits. */
    public static String maskBankAccount(String number) {
        if (number == null || number.isBlank()) return number;
        String n = number.strip();
        if (n.length() <= 8)
            return "*".repeat(n.length() - Math.min(4, n.length() / 2))
                    + n.substring(n.length() - Math.min(4, n.length() / 2));
        return n.substring(0, 4) + "*".repeat(n.length() - 8) + n.substring(n.length() - 4);
    }

    /**
     * 3301000123 -> 3301****23: an account number (户号) on a page anyone may open (a printed bill's or receipt's
     * verification) keeps its first four and last two digits.
     */
    public static String maskAccountNumber(String n) {
        if (n == null || n.length() < 7) return n == null ? null : "*".repeat(n.length());
        return n.substring(0, 4) + "*".repeat(n.length() - 6) + n.substring(n.length() - 2);
    }

    /** a.b@example.com -> a***@example.com */
    public static String maskEmail(String email) {
        if (email == null || email.isBlank()) return email;
        int at = email.indexOf('@');
        if (at <= 0) return "*".repeat(email.length());
        return email.charAt(0) + "***" + email.substring(at);
    }
}
