package io.gridhall.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gridhall.notification.Category;
import io.gridhall.notification.Channel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The Alibaba Cloud SMS adapter against a stand-in of the provider on loopback, which checks every
 * request's signature with the secret (its own implementation of the documented algorithm) and
 * answers as the provider does: accepted, throttled, invalid number or template, slowly, or for a
 * repeated delivery. Issue #7.
 */
@ExtendWith(OutputCaptureExtension.class)
class AliyunSmsGatewayTests {

    private static final String SECRET = "stand-in-secret-7Hq";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC);

    StandIn provider;

    @BeforeEach
    void start() throws IOException {
        provider = new StandIn();
    }

    @AfterEach
    void stop() {
        provider.server.stop(0);
    }

    @Test
    void signsLikeTheProvidersDocumentedExample() {
        // the SendSms example of Alibaba Cloud's "HTTP protocol and signature" documentation
        var parameters = new TreeMap<String, String>();
        parameters.put("AccessKeyId", "testId");
        parameters.put("Action", "SendSms");
        parameters.put("Format", "XML");
        parameters.put("OutId", "123");
        parameters.put("PhoneNumbers", "15300000001");
        parameters.put("RegionId", "cn-hangzhou");
        parameters.put("SignName", "阿里云短信测试专用");
        parameters.put("SignatureMethod", "HMAC-SHA1");
        parameters.put("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466");
        parameters.put("SignatureVersion", "1.0");
        parameters.put("TemplateCode", "SMS_71390007");
        parameters.put("TemplateParam", "{\"customer\":\"test\"}");
        parameters.put("Timestamp", "2017-07-12T02:42:19Z");
        parameters.put("Version", "2017-05-25");

        assertThat(AliyunSmsGateway.canonical(parameters))
                .isEqualTo("AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001"
                        + "&RegionId=cn-hangzhou&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B"
                        + "%E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1"
                        + "&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0"
                        + "&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D"
                        + "&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25");
        assertThat(AliyunSmsGateway.sign("GET", parameters, "testSecret")).isEqualTo("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
        assertThat(AliyunSmsGateway.percent("a b*c~d+e/")).isEqualTo("a%20b%2Ac~d%2Be%2F");
    }

    @Test
    void sendsTheProviderTemplateWithItsParametersSignedWithTheSecret(CapturedOutput output) {
        provider.answer("OK");
        var sms = gateway(SECRET, Duration.ofSeconds(5));

        String id = sms.deliver(otp(41, "+8613812345678", "428913"));

        assertThat(id).isEqualTo("biz-41");
        StandIn.Request request = provider.requests.getFirst();
        assertThat(request.signatureValid()).isTrue();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.parameters())
                .containsEntry("Action", "SendSms")
                .containsEntry("Version", "2017-05-25")
                .containsEntry("AccessKeyId", "LTAI-test")
                .containsEntry("SignName", "网上国网测试")
                .containsEntry("TemplateCode", "SMS_300000001")
                .containsEntry("TemplateParam", "{\"code\":\"428913\",\"minutes\":\"5\"}")
                .containsEntry("PhoneNumbers", "13812345678")
                .containsEntry("OutId", "41")
                .containsEntry("Timestamp", "2026-03-01T08:00:00Z")
                .doesNotContainKey("AccessKeySecret");
        assertThat(request.body()).doesNotContain(SECRET).doesNotContain("验证码");
        assertThat(output.getAll())
                .contains("otp.sign-in", "138****5678", "biz-41")
                .doesNotContain("428913")
                .doesNotContain("13812345678");
    }

    @Test
    void theStandInRejectsASignatureMadeWithAnotherSecret() {
        provider.answer("OK");
        var sms = gateway("not-the-secret", Duration.ofSeconds(5));

        assertThatThrownBy(() -> sms.deliver(otp(42, "13812345678", "100200")))
                .isInstanceOfSatisfying(DeliveryFailed.class, f -> {
                    assertThat(f.permanent()).isFalse();
                    assertThat(f.getMessage()).contains("SignatureDoesNotMatch");
                });
        assertThat(provider.requests.getFirst().signatureValid()).isFalse();
    }

    @Test
    void throttlingAndProviderTroubleAreRetried() {
        var sms = gateway(SECRET, Duration.ofSeconds(5));
        for (String code : List.of(
                "isv.BUSINESS_LIMIT_CONTROL",
                "isv.DAY_LIMIT_CONTROL",
                "Throttling.User",
                "isp.SYSTEM_ERROR",
                "isv.AMOUNT_NOT_ENOUGH",
                "isv.SOMETHING_NEW")) {
            provider.answer(code);
            assertThatThrownBy(() -> sms.deliver(otp(43, "13812345678", "100200")))
                    .as(code)
                    .isInstanceOfSatisfying(DeliveryFailed.class, f -> {
                        assertThat(f.permanent()).isFalse();
                        assertThat(f.getMessage()).contains(code).doesNotContain("13812345678");
                    });
        }
    }

    @Test
    void anInvalidNumberOrTemplateFailsForGood() {
        var sms = gateway(SECRET, Duration.ofSeconds(5));
        for (String code : List.of(
                "isv.MOBILE_NUMBER_ILLEGAL",
                "isv.SMS_TEMPLATE_ILLEGAL",
                "isv.SMS_SIGNATURE_ILLEGAL",
                "isv.TEMPLATE_MISSING_PARAMETERS")) {
            provider.answer(code);
            assertThatThrownBy(() -> sms.deliver(otp(44, "13812345678", "100200")))
                    .as(code)
                    .isInstanceOfSatisfying(
                            DeliveryFailed.class, f -> assertThat(f.permanent()).isTrue());
        }
    }

    @Test
    void aSlowProviderTimesOutAndIsRetried() {
        provider.answer("OK");
        provider.delay = Duration.ofSeconds(10);
        var sms = gateway(SECRET, Duration.ofMillis(300));

        long started = System.nanoTime();
        assertThatThrownBy(() -> sms.deliver(otp(45, "13812345678", "100200")))
                .isInstanceOfSatisfying(DeliveryFailed.class, f -> {
                    assertThat(f.permanent()).isFalse();
                    assertThat(f.getMessage()).contains("did not answer");
                });
        // the 300 ms timeout, not the provider's 10 s; the margin is for a shared machine's stalls
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aRepeatedDeliveryCarriesTheSameReference() {
        provider.answer("OK");
        var sms = gateway(SECRET, Duration.ofSeconds(5));

        String first = sms.deliver(otp(46, "13812345678", "100200"));
        String again = sms.deliver(otp(46, "13812345678", "100200"));

        assertThat(again).isEqualTo(first);
        assertThat(provider.requests)
                .extracting(r -> r.parameters().get("OutId"))
                .containsExactly("46", "46");
        assertThat(provider.requests)
                .extracting(r -> r.parameters().get("SignatureNonce"))
                .doesNotHaveDuplicates();
        assertThat(provider.requests).allMatch(StandIn.Request::signatureValid);
    }

    @Test
    void anAnswerThatIsNoResultIsRetried() {
        provider.raw = "<html>502 Bad Gateway</html>";
        var sms = gateway(SECRET, Duration.ofSeconds(5));

        assertThatThrownBy(() -> sms.deliver(otp(47, "13812345678", "100200")))
                .isInstanceOfSatisfying(
                        DeliveryFailed.class, f -> assertThat(f.permanent()).isFalse());
    }

    @Test
    void aTemplateWithoutProviderTemplateOrANonNumberIsNeverSent() {
        var sms = gateway(SECRET, Duration.ofSeconds(5));
        var plain = new Outgoing(
                48,
                Channel.SMS,
                "13812345678",
                Category.BILLING,
                "billing.plain",
                Map.of("subject", "s", "text", "t"),
                "s",
                "t",
                null);

        assertThat(sms.carries("otp.sign-in")).isTrue();
        assertThat(sms.carries("billing.plain")).isFalse();
        assertThatThrownBy(() -> sms.deliver(plain)).isInstanceOfSatisfying(DeliveryFailed.class, f -> {
            assertThat(f.permanent()).isTrue();
            assertThat(f.getMessage()).contains("gridhall.sms.aliyun.templates[billing.plain]");
        });
        assertThatThrownBy(() -> sms.deliver(otp(49, "not a number", "100200")))
                .isInstanceOfSatisfying(
                        DeliveryFailed.class, f -> assertThat(f.permanent()).isTrue());
        assertThat(provider.requests).isEmpty();
    }

    private AliyunSmsGateway gateway(String secret, Duration timeout) {
        return new AliyunSmsGateway(
                new SmsSettings.Aliyun(
                        "LTAI-test",
                        secret,
                        "网上国网测试",
                        Map.of("otp.sign-in", "SMS_300000001"),
                        "http://127.0.0.1:" + provider.server.getAddress().getPort(),
                        "cn-hangzhou",
                        Duration.ofSeconds(2),
                        timeout),
                CLOCK);
    }

    private static Outgoing otp(long id, String phone, String code) {
        return new Outgoing(
                id,
                Channel.SMS,
                phone,
                Category.SERVICE,
                "otp.sign-in",
                Map.of("code", code, "minutes", "5"),
                "登录验证码",
                "【GridHall】您的登录验证码为" + code + "，请勿泄露给他人。",
                null);
    }

    /** The provider's SendSms, as far as a client can tell: signature check, answers, dedup on OutId. */
    static final class StandIn {

        record Request(String method, String body, Map<String, String> parameters, boolean signatureValid) {}

        final HttpServer server;
        final List<Request> requests = new CopyOnWriteArrayList<>();
        final Map<String, String> bizIdByOutId = new ConcurrentHashMap<>();
        volatile String code = "OK";
        volatile String raw;
        volatile Duration delay = Duration.ZERO;

        StandIn() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", this::handle);
            server.start();
        }

        void answer(String code) {
            this.code = code;
        }

        private void handle(HttpExchange exchange) throws IOException {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> parameters = new HashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                parameters.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            String signature = parameters.remove("Signature");
            boolean valid = signature != null
                    && signature.equals(expectedSignature(exchange.getRequestMethod(), parameters, SECRET));
            requests.add(new Request(exchange.getRequestMethod(), body, Map.copyOf(parameters), valid));
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String answer;
            int status;
            if (raw != null) {
                answer = raw;
                status = 502;
            } else if (!valid) {
                answer = "{\"Code\":\"SignatureDoesNotMatch\",\"Message\":\"Specified signature is not matched\"}";
                status = 400;
            } else if (code.equals("OK")) {
                String bizId = bizIdByOutId.computeIfAbsent(parameters.get("OutId"), k -> "biz-" + k);
                answer = "{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"" + bizId + "\",\"RequestId\":\"r1\"}";
                status = 200;
            } else {
                answer = "{\"Code\":\"" + code + "\",\"Message\":\"refused for " + parameters.get("PhoneNumbers")
                        + "\",\"RequestId\":\"r2\"}";
                status = code.startsWith("isp.") ? 500 : 400;
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
            try {
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (IOException gone) {
                // the client gave up (the timeout test)
            }
            exchange.close();
        }

        /** Written apart from the adapter's: sorted names, byte-wise RFC 3986 encoding, HMAC-SHA1. */
        static String expectedSignature(String method, Map<String, String> parameters, String secret) {
            List<String> pairs = new ArrayList<>();
            new TreeMap<>(parameters).forEach((k, v) -> pairs.add(encode(k) + "=" + encode(v)));
            String toSign = method + "&%2F&" + encode(String.join("&", pairs));
            try {
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
                return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static String encode(String s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if ((c >= 'A' && c <= 'Z')
                        || (c >= 'a' && c <= 'z')
                        || (c >= '0' && c <= '9')
                        || "-_.~".indexOf(c) >= 0) {
                    out.write(c);
                } else {
                    out.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
                }
            }
            return out.toString(StandardCharsets.US_ASCII);
        }
    }
}
