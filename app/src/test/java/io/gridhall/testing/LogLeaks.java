package io.gridhall.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must never be in a log line: a full mainland mobile number, an 18-character resident ID
 * number (with a valid check character), a one-time code in a message text, a password written as
 * a setting, or any code or password the tests saw issued ({@link #issued}). Issue #7.
 */
public final class LogLeaks {

    private LogLeaks() {}

    public record Leak(int line, String kind, String text) {}

    private static final String EDGE_BEFORE = "(?<![0-9A-Za-z])";
    private static final String EDGE_AFTER = "(?![0-9A-Za-z])";
    static final Pattern PHONE = Pattern.compile(EDGE_BEFORE + "(?:\\+?86)?1[3-9]\\d{9}" + EDGE_AFTER);
    static final Pattern ID_NUMBER = Pattern.compile(
            EDGE_BEFORE + "[1-9]\\d{5}(?:19|20)\\d{2}(?:0[1-9]|1[0-2])\\d{2}\\d{3}[\\dXx]" + EDGE_AFTER);
    static final Pattern CODE_IN_TEXT =
            Pattern.compile("(?i)(?:验证码[为是:：]?\\s*|\\bcode(?: is|:|=)\\s*)\\d{4,8}" + EDGE_AFTER);
    static final Pattern PASSWORD_SETTING = Pattern.compile(
            "(?i)(?:password|passwd|pwd|密码)[\"']?\\s*[:=：]\\s*[\"']?(?!\\*|\\[|\\(|null\\b|<)[^\\s\"',}]{4,}");

    private static final Set<String> ISSUED = ConcurrentHashMap.newKeySet();

    /** Remembers a code or password a test saw issued, so the scan looks for it verbatim. */
    public static void issued(String secret) {
        if (secret != null && secret.strip().length() >= 6) ISSUED.add(secret.strip());
    }

    public static Set<String> issued() {
        return Set.copyOf(ISSUED);
    }

    public static List<Leak> scan(List<String> lines, Collection<String> secrets) {
        List<Pattern> verbatim = secrets.stream()
                .map(s -> Pattern.compile(EDGE_BEFORE + Pattern.quote(s) + EDGE_AFTER))
                .toList();
        List<Leak> leaks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (PHONE.matcher(line).find()) leaks.add(new Leak(i + 1, "phone number", line));
            Matcher id = ID_NUMBER.matcher(line);
            while (id.find()) {
                if (checksumValid(id.group())) {
                    leaks.add(new Leak(i + 1, "ID number", line));
                    break;
                }
            }
            if (CODE_IN_TEXT.matcher(line).find()) leaks.add(new Leak(i + 1, "code in a message text", line));
            if (PASSWORD_SETTING.matcher(line).find()) leaks.add(new Leak(i + 1, "password", line));
            for (Pattern secret : verbatim) {
                if (secret.matcher(line).find()) {
                    leaks.add(new Leak(i + 1, "issued code or password", line));
                    break;
                }
            }
        }
        return leaks;
    }

    /** GB 11643: ISO 7064 MOD 11-2 over the first 17 digits. */
    static boolean checksumValid(String id) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        String checks = "10X98765432";
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (id.charAt(i) - '0') * weights[i];
        return Character.toUpperCase(id.charAt(17)) == checks.charAt(sum % 11);
    }
}
