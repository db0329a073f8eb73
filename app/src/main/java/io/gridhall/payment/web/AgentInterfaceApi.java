package io.gridhall.payment.web;

import io.gridhall.payment.internal.CollectingThroughAgents;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The collection agents' real-time interface (银电联网实时代收, ADR 0020, {@code docs/formats/agent-interface.md}):
 * server to server, no session, no CSRF token. The body is taken as raw bytes and handed on unparsed, so that its
 * signature is checked on exactly what was sent; answers are the interface's own {@code code}/{@code message} JSON,
 * signed with the agent's key.
 */
@Tag(name = "Payment: collection agents' interface (代收)")
@RestController
class AgentInterfaceApi {

    /** Requests are small; a reconciliation file of a busy day is a few megabytes. */
    static final int MAX_REQUEST = 8 * 1024;

    static final int MAX_FILE = 16 * 1024 * 1024;

    private final CollectingThroughAgents agents;

    AgentInterfaceApi(CollectingThroughAgents agents) {
        this.agents = agents;
    }

    @Operation(
            summary = "An agent's request: query (户号 → masked name, arrears, penalty, due date), pay, reverse (冲正),"
                    + " payment (the state of a serial), reconciliation (the day's file, GBK)",
            description = "Headers Agent-Code, Agent-Timestamp (epoch seconds), Agent-Nonce, Agent-Signature (hex"
                    + " HMAC-SHA256 with the agent's key over code\\ntimestamp\\nnonce\\n and the raw body), verified"
                    + " before anything is parsed; a nonce is taken once. Answered 200 with {code, message, ...}"
                    + " signed alike; 401 with code 1001-1005 when the request is not the agent's.")
    @PostMapping("/api/v1/public/payment/agents/{operation}")
    ResponseEntity<byte[]> request(
            @PathVariable String operation, HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        CollectingThroughAgents.Operation op;
        try {
            op = CollectingThroughAgents.Operation.valueOf(operation.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.notFound().build();
        }
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > (op == CollectingThroughAgents.Operation.RECONCILIATION ? MAX_FILE : MAX_REQUEST))
            return ResponseEntity.status(413).build();
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames()))
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        CollectingThroughAgents.Answer a = agents.handle(op, headers, raw);
        ResponseEntity.BodyBuilder r =
                ResponseEntity.status(a.status()).header(HttpHeaders.CONTENT_TYPE, "application/json;charset=UTF-8");
        a.headers().forEach(r::header);
        return r.body(a.body());
    }
}
