package io.gridhall.payment.internal;

import java.util.Map;

/**
 * How an adapter reaches its gateway: HTTPS in production ({@link HttpGatewayTransport}), the simulator in the demo
 * and the tests. The adapter signs what it sends and verifies what comes back either way.
 */
interface GatewayTransport {

    /** @throws GatewayTimeout when no answer came in time */
    Response exchange(Request request);

    /**
     * @param path the path and query after the gateway's base address, or a whole address the gateway named in a
     *     signed answer (a bill file's download address)
     */
    record Request(String method, String path, Map<String, String> headers, String body) {}

    /**
     * @param headers names in lower case
     * @param body text in the charset the answer names (UTF-8 for text and JSON without one); a binary answer (a zip)
     *     byte for byte as ISO-8859-1
     */
    record Response(int status, Map<String, String> headers, String body) {}
}
