package io.gridhall.web;

import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.StaffDirectory;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The application with a small generated demo utility, served on a random port, for browser journeys. Every
 * subclass shares one application context, so the demo (and its metering history) is generated once.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // a database of their own, so the demo (and its metering history) is generated into an empty one
            "gridhall.db.embedded-dir=temp:demo",
            "gridhall.demo.customers=200",
            "gridhall.demo.roster=target/demo-meters.csv",
            "gridhall.demo.sign-ins=target/demo-sign-ins.txt",
            "gridhall.demo.scenario=target/demo-scenario.txt",
            "gridhall.map.base-layer=target/demo-basemap.geojson",
            // the supply watch runs (issue 11), quickly, so a scripted area outage becomes a suggestion in seconds
            "gridhall.headend.supply-watch=true",
            "gridhall.headend.supply-check=PT2S",
            "gridhall.headend.silence-grace=PT5S"
        })
@ActiveProfiles({"test", "demo"})
abstract class DemoWebTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    DataSource dataSource;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    String base() {
        return "http://localhost:" + port;
    }

    /** A member of staff a journey created, with what signing in takes. */
    record Staff(String username, String displayName, String password, String secret) {}

    /** Creates a member of staff with a fresh username ({@code prefix} + a number) and TOTP secret. */
    Staff newStaff(String prefix, String title, String password, long branch, Role... roles) {
        StaffDirectory staff = context.getBeanProvider(StaffDirectory.class).getIfAvailable();
        Browser.require(staff != null, "Missing: identity's StaffDirectory is not implemented in this build");
        int n = ThreadLocalRandom.current().nextInt(100_000, 999_999);
        Staff created = new Staff(prefix + n, title + n, password, DemoSignIns.randomBase32(32));
        io.gridhall.testing.LogLeaks.issued(password);
        io.gridhall.testing.LogLeaks.issued(created.secret());
        staff.create(new StaffDirectory.NewStaff(
                created.username(),
                created.displayName(),
                password,
                created.secret(),
                Set.of(roles),
                Set.of(new BranchId(branch))));
        return created;
    }

    void signInStaff(Browser b, Staff staff) throws InterruptedException {
        signInStaff(b, staff.username(), staff.password(), staff.secret());
    }

    /** Signs a member of staff in to the console with password and a fresh TOTP code. */
    void signInStaff(Browser b, String username, String password, String secret) throws InterruptedException {
        b.open(base() + "/console/#/sign-in");
        b.type(Browser.field("username"), username);
        b.type(Browser.field("password"), password);
        b.click("[data-test=next]");
        b.visible(Browser.field("totp"));
        b.type(Browser.field("totp"), DemoSignIns.freshTotp(secret));
        b.click("[data-test=verify]");
        b.visible("[data-test=who]");
    }

    /**
     * The portal's sign-up consent (issue 8): no code can be asked for until the box is ticked; the
     * privacy policy opens and closes; then the box is ticked.
     */
    static void agreeToTerms(Browser b) {
        b.visible("[data-test=consent-hint]");
        if (b.visible("[data-test=send-code]").isEnabled()) {
            throw new AssertionError("a sign-up code can be asked for before the consent is ticked");
        }
        b.click("[data-test=open-privacy-policy]");
        b.waitForText("[data-test=legal-text]", "95598");
        // the sheet slides up for a moment: click its close icon where it is, not where it was
        b.driver.executeScript("arguments[0].click()", b.visible(".van-popup__close-icon"));
        b.gone("[data-test=legal-text]");
        b.click("[data-test=consent]");
        b.gone("[data-test=consent-hint]");
        b.clickable("[data-test=send-code]");
    }

    /**
     * Signs a customer in on the portal as a person would: phone, consent, the SMS code from the demo's inbox.
     * {@code beforeSending} runs with the code typed in, before the sign-in button (a screenshot, say).
     */
    void signInCustomer(Browser b, String phone, Browser.Steps beforeSending) throws Exception {
        b.open(base() + "/#/sign-in");
        b.type(Browser.field("phone"), phone);
        agreeToTerms(b);
        java.time.Instant asked = java.time.Instant.now();
        b.click("[data-test=send-code]");
        b.type(Browser.field("code"), DemoSignIns.codeFromInbox(http, base(), phone, asked));
        beforeSending.run();
        b.click("[data-test=sign-in]");
    }
}
