package io.gridhall.web;

import java.net.http.HttpClient;
import java.time.Duration;
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
            "gridhall.demo.sign-ins=target/demo-sign-ins.txt"
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
}
