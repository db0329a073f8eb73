package io.gridhall.testing;

import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Keeps cookies like a browser on localhost: the session cookie is {@code Secure} (the production default) and
 * browsers send it to localhost over plain HTTP, where Java's {@code CookieManager} would hold it back. Every cookie
 * the server sets must be {@code Secure}.
 */
public final class LocalhostCookies extends CookieHandler {

    private final Map<String, String> jar = new ConcurrentHashMap<>();

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
        if (jar.isEmpty()) return Map.of();
        return Map.of(
                "Cookie",
                List.of(jar.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; "))));
    }

    @Override
    public void put(URI uri, Map<String, List<String>> headers) {
        headers.getOrDefault("Set-Cookie", List.of()).forEach(header -> {
            for (HttpCookie c : HttpCookie.parse(header)) {
                if (!c.getSecure()) throw new AssertionError("cookie " + c.getName() + " is not Secure");
                if (c.getMaxAge() == 0) jar.remove(c.getName());
                else jar.put(c.getName(), c.getValue());
            }
        });
    }
}
