package io.gridhall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import io.gridhall.notification.internal.ChannelAdapter;
import io.gridhall.shared.Simulated;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The application as production starts it: neither the {@code demo} nor the {@code test} profile (only
 * the test suite's database and port settings are imported), and no SMS provider configured. Issue #7:
 * the production jar ran the SMS simulator, which logged every one-time code.
 */
@SpringBootTest(
        properties = {
            "spring.config.import=classpath:application-test.yaml",
            "gridhall.notification.dispatch.enabled=false"
        })
@AutoConfigureMockMvc
@ActiveProfiles("production")
@ExtendWith(OutputCaptureExtension.class)
class ProductionProfileTests {

    /** Simulators, the dev inbox and TOTP list, and the demo's generator and meter history (which starts the meter simulator). */
    private static final Pattern SIMULATOR_NAME =
            Pattern.compile("(?i).*(simulat|devinbox|devtotp|dev-inbox|\\.demo\\.|demohistory|demostartup).*");

    @Autowired
    ApplicationContext context;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    HealthEndpoint health;

    @Test
    void startsWithNeitherTheDemoNorTheTestProfile() {
        assertThat(context.getEnvironment().getActiveProfiles()).containsExactly("production");
    }

    @Test
    void containsNoSimulatorAndNoDevInbox() {
        List<String> simulated = Arrays.stream(context.getBeanDefinitionNames())
                .filter(name -> {
                    Class<?> type = context.getType(name);
                    return SIMULATOR_NAME.matcher(name).matches()
                            || (type != null
                                    && (SIMULATOR_NAME.matcher(type.getName()).matches()
                                            || AnnotatedElementUtils.hasAnnotation(type, Simulated.class)));
                })
                .toList();
        assertThat(simulated).isEmpty();
        assertThat(context.getBeansOfType(ChannelAdapter.class).values())
                .extracting(a -> a.channel().name())
                .as("no SMS provider and no mail server configured: those channels do not exist (issue 7)")
                .doesNotContain("SMS", "WECHAT", "EMAIL");
    }

    /** Issue 7: without spring.mail.host e-mail counted as sent. */
    @Test
    void reportsTheEmailChannelDegradedWithoutAMailServer(CapturedOutput output) {
        var email = health.healthForPath("email");
        assertThat(email.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(output.getAll()).contains("E-mail channel out of service").contains("spring.mail.host");
    }

    @Test
    void mapsNoDevEndpoint() {
        var mappings = context.getBeansOfType(RequestMappingHandlerMapping.class).values().stream()
                .flatMap(m -> m.getHandlerMethods().keySet().stream())
                .flatMap(info -> info.getPatternValues().stream())
                .filter(Objects::nonNull)
                .toList();
        assertThat(mappings).isNotEmpty().noneMatch(p -> p.startsWith("/api/v1/dev"));
        assertThat(mvc.get().uri("/api/v1/dev/inbox")).hasStatus(404);
        assertThat(mvc.get().uri("/api/v1/dev/totp")).hasStatus(404);
    }

    @Test
    void saysAtStartUpWhichSmsSettingIsMissing(CapturedOutput output) {
        assertThat(output.getAll())
                .contains("SMS channel out of service")
                .contains("gridhall.sms.aliyun.access-key-id")
                .contains("gridhall.sms.aliyun.sign-name");
    }

    @Test
    void reportsTheSmsChannelDegradedWhileTheNodeStaysLiveAndReady() {
        var sms = health.healthForPath("sms");
        assertThat(sms.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(health.healthForPath("liveness").getStatus().getCode()).isEqualTo("UP");
        assertThat(health.healthForPath("readiness").getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(health.health().getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatus(200);
        assertThat(mvc.get().uri("/actuator/health/liveness")).hasStatus(200);
    }

    @Test
    void refusesToSendASignInCodeWith503InTheCallersLanguage() {
        var zh = mvc.post()
                .uri("/api/v1/auth/customer/otp")
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .header("Accept-Language", "zh-CN")
                .content("{\"phone\":\"13800138000\"" + io.gridhall.identity.IdentityWebTest.CONSENT + "}");
        assertThat(zh).hasStatus(503).bodyJson().extractingPath("$.title").isEqualTo("短信暂不可用");

        var en = mvc.post()
                .uri("/api/v1/auth/customer/otp")
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .header("Accept-Language", "en")
                .content("{\"phone\":\"13800138001\"" + io.gridhall.identity.IdentityWebTest.CONSENT + "}");
        assertThat(en).hasStatus(503).bodyJson().extractingPath("$.title").isEqualTo("SMS unavailable");
    }
}
