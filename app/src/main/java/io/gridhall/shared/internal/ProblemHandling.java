package io.gridhall.shared.internal;

import io.gridhall.shared.InvalidFields;
import io.gridhall.shared.Problem;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns every failure into an RFC 9457 problem in the caller's language, with field errors. */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

    private final MessageSource messages;

    ProblemHandling(MessageSource messages) {
        this.messages = messages;
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

    /** A unique constraint that a racing request hit: the caller sees a conflict, never a 500. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException ex, WebRequest request) {
        Problem problem = Problem.conflict("conflict");
        return handleErrorResponseException(problem, new HttpHeaders(), problem.getStatusCode(), request);
    }
}
