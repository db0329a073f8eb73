package io.gridhall.notification.web;

import static io.gridhall.notification.web.NotificationWebTests.aUserId;
import static io.gridhall.notification.web.NotificationWebTests.customer;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Outside the demo the dev inbox does not exist: not found for everyone, signed in or not. */
@SpringBootTest(properties = {"gridhall.dev-inbox.enabled=false", "gridhall.notification.dispatch.enabled=false"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class DevInboxDisabledTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void theDevInboxIsNotFoundForASignedInUser() {
        assertThat(mvc.get().uri("/api/v1/dev/inbox").with(customer(aUserId()))).hasStatus(404);
    }

    @Test
    void theDevInboxIsNotFoundForAnonymousCallers() {
        assertThat(mvc.get().uri("/api/v1/dev/inbox")).hasStatus(404);
    }
}
