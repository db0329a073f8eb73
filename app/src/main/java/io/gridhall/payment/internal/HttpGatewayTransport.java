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
        String address = request.path().startsWith("https://") || request.path().startsWith("http://")
                ? request.path()
                : baseUrl + request.path();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address))
                .timeout(timeout)
                .method(
                        request.method(),
                        request.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        request.headers().forEach(b::header);
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new HashMap<>();
            r.headers().map().forEach((k, v) -> {
                if (!v.isEmpty()) headers.put(k.toLowerCase(Locale.ROOT), v.getFirst());
            });
            return new Response(r.statusCode(), headers, new String(r.body(), charset(headers.get("content-type"))));
        } catch (IOException e) {
            throw new GatewayTimeout(
                    "no answer from the gateway: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayTimeout("interrupted while waiting for the gateway", e);
        }
    }

    /** The answer's charset; UTF-8 for text and JSON that name none; ISO-8859-1 (byte for byte) for binary. */
    static java.nio.charset.Charset charset(String contentType) {
        if (contentType == null) return StandardCharsets.UTF_8;
        String type = contentType.toLowerCase(Locale.ROOT);
        int at = type.indexOf("charset=");
        if (at >= 0) {
            try {
                return java.nio.charset.Charset.forName(
                        type.substring(at + 8).split("[;\\s]")[0].replace("\"", ""));
            } catch (IllegalArgumentException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return type.startsWith("text/") || type.contains("json") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    }
}
