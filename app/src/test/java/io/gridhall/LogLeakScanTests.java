package io.gridhall;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.testing.LogLeaks;
import io.gridhall.testing.LogLeaks.Leak;
import io.gridhall.testing.SuiteLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs after every other test class of the suite (see {@code junit-platform.properties}) and reads
 * what they all logged: no line may carry a one-time code, a password, a full phone number or an ID
 * number. Issue #7: the SMS simulator logged every sign-in code, in production too.
 */
@Order(Integer.MAX_VALUE)
class LogLeakScanTests {

    @Test
    void noLogLineOfTheSuiteCarriesACodePasswordPhoneOrIdNumber() throws IOException {
        LoggerFactory.getLogger(LogLeakScanTests.class).info("Scanning the suite's log for personal data and secrets");
        assertThat(SuiteLog.FILE).as("the suite's log (logback-test.xml)").exists();
        List<String> lines = Files.readAllLines(SuiteLog.FILE, StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty();

        var issued = LogLeaks.issued();
        List<Leak> leaks = LogLeaks.scan(lines, issued);
        LoggerFactory.getLogger(LogLeakScanTests.class)
                .info(
                        "Scanned {} log lines for {} issued codes and passwords: {} leaks",
                        lines.size(),
                        issued.size(),
                        leaks.size());

        assertThat(leaks)
                .as(() -> leaks.size() + " log lines leak (" + SuiteLog.FILE + "):\n"
                        + leaks.stream()
                                .limit(30)
                                .map(l -> l.line() + " [" + l.kind() + "] " + l.text())
                                .collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @Test
    void findsEachKindOfLeakAndLeavesMaskedDataAlone() {
        List<String> bad = List.of(
                "SMS to 13812345678: hello",
                "customer +8615912345678 signed in",
                "id 11010519491231002X bound",
                "SMS otp.sign-in: 【GridHall】您的登录验证码为482913，请勿泄露",
                "[GridHall] Your sign-in code is 482913. Never share it.",
                "created staff li.lei with password=Start-Me-9",
                "reset done, new one: Tr0ub4dor&3");
        List<Leak> leaks = LogLeaks.scan(bad, List.of("Tr0ub4dor&3"));
        assertThat(leaks).extracting(Leak::line).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(leaks)
                .extracting(Leak::kind)
                .contains("phone number", "ID number", "code in a message text", "password", "issued code or password");

        List<String> fine = List.of(
                "SMS otp.sign-in to 138****5678 (simulated)",
                "id 110105********002X bound",
                "event 0d3e1f2a-9b8c-4d5e-a6f7-138123456789 published",
                "delivery 13812345678901 claimed",
                "id 110105194912310021 is not a valid ID (check character)",
                "Delivery 482 by SMS failed (attempt 1): isv.BUSINESS_LIMIT_CONTROL",
                "password: [PROTECTED]",
                "Notification identity.otp.1234567 (otp.sign-in) queued");
        assertThat(LogLeaks.scan(fine, List.of("Tr0ub4dor&3"))).isEmpty();
    }
}
