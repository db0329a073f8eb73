package io.gridhall.identity;

import jakarta.servlet.http.Cookie;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** One context for all identity web tests; a {@link Browser} keeps cookies like the SPA's browser. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(IdentityTestSupport.class)
public abstract class IdentityWebTest {

    /** The JSON member a sign-up code request carries: the current versions of the documents accepted (issue 8). */
    public static final String CONSENT = ",\"consent\":{"
            + io.gridhall.identity.internal.LegalDocuments.current().entrySet().stream()
                    .sorted(java.util.Map.Entry.comparingByKey())
                    .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                    .collect(java.util.stream.Collectors.joining(","))
            + "}";

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected IdentityTestSupport.MovableClock clock;

    @Autowired
    protected IdentityTestSupport.RecordingNotifications sms;

    @Autowired
    protected JdbcClient jdbc;

    protected static String aPhone() {
        return "1" + (3 + ThreadLocalRandom.current().nextInt(7))
                + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
    }

    protected static String anIp() {
        var r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
    }

    protected Browser browser() {
        return new Browser(anIp());
    }

    /** Cookies in, cookies out, the CSRF header on changes: the real session and CSRF machinery runs. */
    protected class Browser {
        public final String ip;
        public final Map<String, String> cookies = new LinkedHashMap<>();
        /** The CSRF token of this browser's session, as the SPA keeps it from {@code GET /api/v1/auth/csrf}. */
        public String csrf;

        Browser(String ip) {
            this.ip = ip;
        }

        public MvcResult get(String path) throws Exception {
            return send(MockMvcRequestBuilders.get(path));
        }

        public MvcResult post(String path, String json) throws Exception {
            if (csrf == null) fetchCsrf();
            MvcResult result = postWith(path, json, csrf);
            if (result.getResponse().getStatus() == 403
                    && result.getResponse().getContentAsString().contains("\"csrf-invalid\"")) {
                // the session changed (sign-in, sign-out): fetch the new session's token once, like the SPA
                fetchCsrf();
                result = postWith(path, json, csrf);
            }
            return result;
        }

        public MvcResult postWith(String path, String json, String token) throws Exception {
            return send(MockMvcRequestBuilders.post(path)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json)
                    .header("X-XSRF-TOKEN", token));
        }

        public String fetchCsrf() throws Exception {
            MvcResult r = send(MockMvcRequestBuilders.get("/api/v1/auth/csrf"));
            csrf = com.jayway.jsonpath.JsonPath.read(r.getResponse().getContentAsString(), "$.token");
            return csrf;
        }

        public MvcResult postWithoutCsrf(String path, String json) throws Exception {
            return send(MockMvcRequestBuilders.post(path)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json));
        }

        public MvcResult send(MockHttpServletRequestBuilder request) throws Exception {
            request.with(r -> {
                r.setRemoteAddr(ip);
                return r;
            });
            if (!cookies.isEmpty()) {
                request.cookie(cookies.entrySet().stream()
                        .map(e -> new Cookie(e.getKey(), e.getValue()))
                        .toArray(Cookie[]::new));
            }
            MvcResult result = mvc.perform(request).andReturn();
            for (Cookie c : result.getResponse().getCookies()) {
                if (c.getMaxAge() == 0 || c.getValue() == null || c.getValue().isEmpty()) cookies.remove(c.getName());
                else cookies.put(c.getName(), c.getValue());
            }
            return result;
        }

        public String session() {
            return cookies.get("SESSION");
        }

        /** Requests a sign-in code and signs in with it. */
        public MvcResult signInAsCustomer(String phone) throws Exception {
            MvcResult sent = post("/api/v1/auth/customer/otp", "{\"phone\":\"" + phone + "\"" + CONSENT + "}");
            if (sent.getResponse().getStatus() != 202)
                throw new AssertionError(sent.getResponse().getContentAsString());
            return post(
                    "/api/v1/auth/customer/sign-in",
                    "{\"phone\":\"" + phone + "\",\"code\":\"" + sms.lastCode(phone) + "\"}");
        }
    }
}
