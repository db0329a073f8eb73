package io.gridhall.shared.internal;

import io.gridhall.shared.InvalidFields;
import io.gridhall.shared.Problem;
import java.math.BigInteger;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Turns every failure into an RFC 9457 problem in the caller's language, with field errors. */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

    private final MessageSource messages;
    private final long maxUpload;

    ProblemHandling(
            MessageSource messages, @Value("${spring.servlet.multipart.max-request-size:20MB}") DataSize maxUpload) {
        this.messages = messages;
        this.maxUpload = maxUpload.toBytes();
        setMessageSource(messages);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Locale locale = LocaleContextHolder.getLocale();
        List<Map<String, Object>> errors = fieldErrors(ex.getBindingResult().getFieldErrors(), locale);
        ProblemDetail body = validationProblem(locale, errors);
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(InvalidFields.class)
    ResponseEntity<Object> invalidFields(InvalidFields ex, WebRequest request) {
        Locale locale = LocaleContextHolder.getLocale();
        ProblemDetail body = validationProblem(locale, fieldErrors(ex.result().getFieldErrors(), locale));
        return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    private List<Map<String, Object>> fieldErrors(List<FieldError> errors, Locale locale) {
        return errors.stream()
                .map(e -> Map.<String, Object>of("field", e.getField(), "message", messages.getMessage(e, locale)))
                .toList();
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Locale locale = LocaleContextHolder.getLocale();
        List<Map<String, Object>> errors = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(e -> Map.<String, Object>of(
                                "field",
                                e instanceof FieldError fe
                                        ? fe.getField()
                                        : r.getMethodParameter().getParameterName(),
                                "message",
                                messages.getMessage(e, locale))))
                .toList();
        return handleExceptionInternal(ex, validationProblem(locale, errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    private ProblemDetail validationProblem(Locale locale, List<Map<String, Object>> errors) {
        ProblemDetail body = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        body.setType(URI.create(Problem.TYPE_BASE + "invalid-input"));
        body.setTitle(messages.getMessage("problem.invalid-input.title", null, locale));
        body.setDetail(messages.getMessage("problem.invalid-input.detail", null, locale));
        body.setProperty("code", "invalid-input");
        body.setProperty("errors", errors);
        return body;
    }

    /**
     * A body that cannot be read: too large (413), a number or text beyond the parser's limits, not JSON at all
     * ({@code unreadable-body} with the line and column), or a field of the wrong kind (a fraction for a whole number,
     * a NUL character in text), each as a field error where the field is known. Anything else (no body) is Spring's
     * problem with its text from the bundle.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Locale locale = LocaleContextHolder.getLocale();
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof RequestBorder.BodyTooLarge tooLarge) {
                Problem problem = RequestBorder.tooLarge(tooLarge.limit);
                return handleErrorResponseException(problem, new HttpHeaders(), problem.getStatusCode(), request);
            }
            if (t instanceof StreamConstraintsException) {
                Problem problem = Problem.badRequest("value-too-long");
                return handleErrorResponseException(problem, new HttpHeaders(), problem.getStatusCode(), request);
            }
            if (t instanceof StreamReadException unreadable
                    && unreadable.getLocation() != null
                    && unreadable.getLocation().getLineNr() > 0) {
                // not JSON at all: where reading stopped, in the caller's language, never the parser's English
                int line = unreadable.getLocation().getLineNr();
                int column = Math.max(1, unreadable.getLocation().getColumnNr());
                Problem problem = Problem.badRequest("unreadable-body", line, column)
                        .with("line", line)
                        .with("column", column);
                return handleErrorResponseException(problem, new HttpHeaders(), problem.getStatusCode(), request);
            }
            if (t instanceof MismatchedInputException mismatch
                    && !mismatch.getPath().isEmpty()) {
                String message = mismatch instanceof InvalidFormatException invalid && NulRefusal.isRefusal(invalid)
                        ? "input.nul-character"
                        : isWholeNumber(mismatch.getTargetType()) ? "input.whole-number" : "input.bad-value";
                List<Map<String, Object>> errors = List.of(Map.of(
                        "field", path(mismatch.getPath()), "message", messages.getMessage(message, null, locale)));
                return handleExceptionInternal(
                        ex, validationProblem(locale, errors), headers, HttpStatus.BAD_REQUEST, request);
            }
        }
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }

    /** A multipart upload over the container's limit: the same 413 as any other body too large. */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Problem problem = RequestBorder.tooLarge(ex.getMaxUploadSize() > 0 ? ex.getMaxUploadSize() : maxUpload);
        return handleErrorResponseException(problem, new HttpHeaders(), problem.getStatusCode(), request);
    }

    private static boolean isWholeNumber(Class<?> type) {
        return type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class
                || type == Short.class
                || type == short.class
                || type == BigInteger.class;
    }

    /** The field as the forms name it: {@code intervals[2].kwh[0]}. */
    static String path(List<JacksonException.Reference> references) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference r : references) {
            if (r.getPropertyName() != null) {
                if (!field.isEmpty()) field.append('.');
                field.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                field.append('[').append(r.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** A unique constraint that a racing request hit: the caller sees a conflict, never a 500. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException ex, WebRequest request) {
        Problem problem = Problem.conflict("conflict");
        return handleErrorResponseException(problem, new HttpHeaders(), problem.getStatusCode(), request);
    }
}
