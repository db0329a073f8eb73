package io.gridhall.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code Idempotency-Key} header of money-moving requests, with Stripe's semantics, in one place for every
 * controller (ADR 0012):
 *
 * <ul>
 *   <li>the same key with the same request (operation and body) answers the first answer again, status and body,
 *       with the header {@code Idempotent-Replayed: true};
 *   <li>the same key with another request is 409 {@code idempotency-key-reused};
 *   <li>a repeat that arrives while the first is still running is 409 {@code idempotency-key-in-progress} at once
 *       (a transaction-scoped advisory lock on the key, taken without waiting).
 * </ul>
 *
 * The request runs in the transaction that stores its answer, so the answer exists exactly when the request's
 * writes do. A request that fails (a problem, a crash) stores nothing: the client may retry it with the same key.
 * Keys are per scope, as ADR 0010 asks: staff by their branch scope, a portal customer by their user id.
 */
@Component
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final int MAX_KEY_LENGTH = 200;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;

    IdempotentRequests(JdbcClient jdbc, TransactionTemplate tx, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    /** The key scope of staff with this branch scope ({@code Actor.branchScope()}): {@code *} or the sorted ids. */
    public static String staffScope(List<Long> branchScope) {
        if (branchScope == null) return "staff:*";
        return "staff:" + branchScope.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
    }

    public static String customerScope(long userId) {
        return "customer:" + userId;
    }

    /**
     * Runs {@code action} once per scope and key.
     *
     * @param operation what is asked, for example {@code "POST /api/v1/payment/counter-payments"}: a key used for
     *     another operation is refused like a key used with another body
     * @param request the parsed request (path variables and body), whose JSON form is compared
     */
    public ResponseEntity<?> once(
            String scope, String key, String operation, Object request, Supplier<ResponseEntity<?>> action) {
        if (key == null
                || key.isEmpty()
                || key.length() > MAX_KEY_LENGTH
                || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f))
            throw Problem.badRequest("idempotency-key-required", MAX_KEY_LENGTH);
        String hash = hash(operation, json.writeValueAsString(request));
        return tx.execute(status -> {
            Boolean mine = jdbc.sql("select pg_try_advisory_xact_lock(hashtextextended(:scope || ' ' || :key, 12))")
                    .param("scope", scope)
                    .param("key", key)
                    .query(Boolean.class)
                    .single();
            if (!mine) throw Problem.conflict("idempotency-key-in-progress", key);
            record Stored(String requestHash, int status, String body) {}
            var stored = jdbc.sql("""
                    select request_hash, status, body from platform.idempotent_request
                    where scope = :scope and idempotency_key = :key""")
                    .param("scope", scope)
                    .param("key", key)
                    .query(Stored.class)
                    .optional();
            if (stored.isPresent()) {
                if (!stored.get().requestHash().equals(hash)) throw Problem.conflict("idempotency-key-reused", key);
                var replay = ResponseEntity.status(stored.get().status()).header(REPLAYED, "true");
                return stored.get().body() == null
                        ? replay.build()
                        : replay.contentType(MediaType.APPLICATION_JSON)
                                .body(stored.get().body());
            }
            ResponseEntity<?> answer = action.get();
            String body = answer.getBody() == null ? null : json.writeValueAsString(answer.getBody());
            jdbc.sql("""
                    insert into platform.idempotent_request (scope, idempotency_key, operation, request_hash, status,
                        body, created_at)
                    values (:scope, :key, :operation, :hash, :status, :body, :at)""")
                    .param("scope", scope)
                    .param("key", key)
                    .param("operation", operation)
                    .param("hash", hash)
                    .param("status", answer.getStatusCode().value())
                    .param("body", body)
                    .param("at", Timestamp.from(clock.instant()))
                    .update();
            return answer;
        });
    }

    static String hash(String operation, String body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(operation.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
