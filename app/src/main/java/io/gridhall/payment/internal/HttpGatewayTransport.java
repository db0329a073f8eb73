package io.gridhall.payment.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** HTTPS to a gateway's base address with the JDK's client; no answer within the timeout is a {@link GatewayTimeout}. */
class HttpGatewayTransport implements GatewayTransport {

    private final HttpClient client;
    private final String baseUrl;
    private final Duration timeout;

    HttpGatewayTransport(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Response exchange(Request request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + request.path()))
                .timeout(timeout)
                .method(
                        request.method(),
                        request.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        request.headers().forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Map<String, String> headers = new HashMap<>();
            r.headers().map().forEach((k, v) -> {
                if (!v.isEmpty()) headers.put(k.toLowerCase(Locale.ROOT), v.getFirst());
            });
            return new Response(r.statusCode(), headers, r.body());
        } catch (IOException e) {
            throw new GatewayTimeout(
                    "no answer from the gateway: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayTimeout("interrupted while waiting for the gateway", e);
        }
    }
}
