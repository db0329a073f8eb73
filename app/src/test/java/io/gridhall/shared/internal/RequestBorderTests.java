package io.gridhall.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 7: what reaches the server over a real connection is answered with problem details, in Chinese by default,
 * even when Tomcat refuses it before the application sees it; bodies are capped before they are read; NUL characters
 * are a 400, never a database error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RequestBorderTests {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new io.gridhall.testing.LocalhostCookies())
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Sends raw bytes and reads one answer: its status line, headers and body (by length or in chunks). */
    String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            long length = -1;
            boolean chunked = false;
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                head.append(line).append("\r\n");
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:"))
                    length = Long.parseLong(lower.substring(15).strip());
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (int n = Integer.parseInt(line(in).strip(), 16);
                        n > 0;
                        n = Integer.parseInt(line(in).strip(), 16)) {
                    body.write(in.readNBytes(n));
                    line(in);
                }
            } else if (length >= 0) {
                body.write(in.readNBytes((int) length));
            } else {
                body.write(in.readAllBytes());
            }
            return head + "\r\n" + body.toString(StandardCharsets.UTF_8);
        }
    }

    private static String line(DataInputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anOverLongUrlIsAProblemNotAnHtmlPage() throws Exception {
        String answer = raw("GET /api/v1/grid/branches?q=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(answer)
                .contains("\"code\":\"bad-request\"")
                .contains("\"title\":\"请求无效\"")
                .doesNotContain("<html");
    }

    @Test
    void aControlCharacterInAHeaderIsAProblemNotAnHtmlPage() throws Exception {
        String answer = raw("GET /api/v1/grid/branches HTTP/1.1\r\nHost: localhost\r\nX-Test: a\u0001b\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).contains("\"code\":\"bad-request\"").doesNotContain("<html");
    }

    @Test
    void anEncodedNulInThePathIsAProblem() throws Exception {
        String answer = raw("GET /api/v1/customers/1%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("<html");
        assertThat(answer.toLowerCase()).contains("application/problem+json");
    }

    @Test
    void theErrorPathAskedForDirectlyIsNotFound() throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(uri("/error")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"no-such-path\"");
    }

    @Test
    void aNulInTheQueryIsABadRequestBeforeAnythingElse() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/api/v1/customers?q=a%00b"))
                        .header("Accept-Language", "en")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .contains("\"code\":\"nul-character\"")
                .contains("Input may not contain the NUL character (U+0000).");
    }

    @Test
    void refusalsAtTheBorderSpeakChineseByDefault() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/api/v1/customers")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("请先登录");
    }

    /** The CSRF token of this client's session, as the front end takes it from {@code GET /api/v1/auth/csrf}. */
    String csrfToken() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri("/api/v1/auth/csrf")).GET().build(), HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return m.group(1);
    }

    HttpResponse<String> signIn(HttpRequest.BodyPublisher body, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri("/api/v1/auth/staff/sign-in"))
                        .header("Content-Type", "application/json")
                        .header("X-XSRF-TOKEN", token)
                        .header("Accept-Language", "en")
                        .POST(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aNulInAJsonStringIsAFieldErrorNotAConflict() throws Exception {
        HttpResponse<String> response = signIn(
                HttpRequest.BodyPublishers.ofString("{\"username\": \"a\\u0000b\", \"password\": \"x\"}"), csrfToken());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .contains("\"code\":\"invalid-input\"")
                .contains("\"field\":\"username\"")
                .contains("May not contain the NUL character (U+0000)");
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedWith413BeforeItIsSent() throws Exception {
        // only the headers go out: the answer comes without waiting for a byte of the body
        String answer = raw("POST /api/v1/auth/staff/sign-in HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + 21 * 1024 * 1024 + "\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).contains("\"code\":\"body-too-large\"").contains("请求内容不能超过 20 MB");
    }

    @Test
    void aStreamedBodyOverTheLimitIsRefusedWith413AsSoonAsItPassesIt() throws Exception {
        // no declared length: sent chunked, counted as it is read; blanks, which the JSON parser skips unbounded
        long size = 25L * 1024 * 1024;
        InputStream endless = new InputStream() {
            long sent;

            @Override
            public int read() {
                return sent++ == 0 ? '{' : sent <= size ? ' ' : -1;
            }
        };
        HttpResponse<String> response = signIn(HttpRequest.BodyPublishers.ofInputStream(() -> endless), csrfToken());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"code\":\"body-too-large\"");
    }
}
