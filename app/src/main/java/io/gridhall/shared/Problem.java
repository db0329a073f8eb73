package io.gridhall.shared;

import java.net.URI;
import java.util.Map;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A business failure shown to the user as an RFC 9457 problem. The title and detail come from the
 * message bundle ({@code problem.<code>.title}, {@code problem.<code>.detail}) in the caller's
 * language; arguments fill the detail's placeholders.
 */
public class Problem extends ErrorResponseException {

    public static final String TYPE_BASE = "https://gridhall.io/problems/";

    private final String code;

    public Problem(HttpStatus status, String code, Object... args) {
        super(status, ProblemDetail.forStatus(status), null, "problem." + code + ".detail", args);
        this.code = code;
        getBody().setType(URI.create(TYPE_BASE + code));
        getBody().setProperty("code", code);
    }

    @Override
    public String getTitleMessageCode() {
        return "problem." + code + ".title";
    }

    public String code() {
        return code;
    }

    public Problem with(String property, Object value) {
        getBody().setProperty(property, value);
        return this;
    }

    public Problem with(Map<String, ?> properties) {
        properties.forEach(getBody()::setProperty);
        return this;
    }

    /**
     * The object does not exist, or the caller may not see it: the two are never told apart. {@code what} names the
     * kind of object by its message key {@code object.<what>}, so the user reads "户号", never "supply-account".
     */
    public static Problem notFound(String what) {
        return new Problem(
                        HttpStatus.NOT_FOUND,
                        "not-found",
                        new DefaultMessageSourceResolvable(new String[] {"object." + what}, what))
                .with("object", what);
    }

    public static Problem badRequest(String code, Object... args) {
        return new Problem(HttpStatus.BAD_REQUEST, code, args);
    }

    public static Problem conflict(String code, Object... args) {
        return new Problem(HttpStatus.CONFLICT, code, args);
    }

    public static Problem forbidden(String code, Object... args) {
        return new Problem(HttpStatus.FORBIDDEN, code, args);
    }

    public static Problem tooManyRequests(String code, long retryAfterSeconds) {
        return new Problem(HttpStatus.TOO_MANY_REQUESTS, code, retryAfterSeconds)
                .with("retryAfterSeconds", retryAfterSeconds);
    }
}
