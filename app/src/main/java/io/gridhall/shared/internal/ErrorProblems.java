package io.gridhall.shared.internal;

import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors that happen outside a controller are problem details too: the servlet container's error dispatch
 * ({@code /error}, replacing Boot's whitelabel controller; called directly it is a plain 404) and the requests Tomcat
 * refuses before any application sees them (an address or headers larger than its limits, bad characters), which
 * its error report valve would otherwise answer with an HTML page.
 */
@Hidden
@RestController
class ErrorProblems implements ErrorController {

    private final MessageSource messages;

    ErrorProblems(MessageSource messages) {
        this.messages = messages;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // asked for directly, not forwarded by the container: there is no page here
        if (!(status instanceof Integer code)) throw new Problem(HttpStatus.NOT_FOUND, "no-such-path");
        ProblemDetail body = problem(code, LocaleContextHolder.getLocale(), messages);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) body.setInstance(URI.create(safePath(path)));
        return ResponseEntity.status(code)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    /** A problem for a bare HTTP status: its code and texts from the message bundle. */
    static ProblemDetail problem(int status, Locale locale, MessageSource messages) {
        String code = switch (status) {
            case 400 -> "bad-request";
            case 401 -> "not-signed-in";
            case 403 -> "access-denied";
            case 404 -> "no-such-path";
            default -> status >= 500 ? "server-error" : "http-error";
        };
        ProblemDetail body = ProblemDetail.forStatus(status);
        body.setType(URI.create(Problem.TYPE_BASE + code));
        body.setTitle(messages.getMessage("problem." + code + ".title", null, locale));
        body.setDetail(messages.getMessage("problem." + code + ".detail", new Object[] {status}, locale));
        body.setProperty("code", code);
        return body;
    }

    /** The path as an instance URI, or nothing useful if it is not one (it may be what made the request bad). */
    private static String safePath(String path) {
        try {
            return URI.create(path).getRawPath() == null || path.length() > 2000 ? "/" : path;
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }

    /**
     * Replaces the error report valve of Tomcat's host with {@link ProblemReportValve}. Runs after Boot's own
     * customizer, which adds a plain one.
     */
    @Component
    static class TomcatProblems implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        private final MessageSource messages;
        private final LocaleResolver locales;

        TomcatProblems(MessageSource messages, LocaleResolver locales) {
            this.messages = messages;
            this.locales = locales;
        }

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Container host = context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) host.getPipeline().removeValve(valve);
                }
                host.getPipeline().addValve(new ProblemReportValve(messages, locales));
                // the host adds a valve of this class when it starts unless it already has one
                if (host instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(ProblemReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** Tomcat's error report as RFC 9457 problem details in the caller's language (Chinese by default). */
    static class ProblemReportValve extends ErrorReportValve {

        private static final JsonMapper JSON = JsonMapper.shared();

        private final MessageSource messages;
        private final LocaleResolver locales;

        ProblemReportValve(MessageSource messages, LocaleResolver locales) {
            this.messages = messages;
            this.locales = locales;
            setShowReport(false);
            setShowServerInfo(false);
        }

        /** Only for Tomcat's own instantiation by class name; the customizer always installs a configured one. */
        public ProblemReportValve() {
            this(null, null);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get() || messages == null) return;
            Locale locale = locale(request);
            Map<String, Object> body = new LinkedHashMap<>();
            ProblemDetail problem = problem(status, locale, messages);
            body.put("type", problem.getType().toString());
            body.put("title", problem.getTitle());
            body.put("status", status);
            body.put("detail", problem.getDetail());
            body.putAll(problem.getProperties());
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(JSON.writeValueAsString(body));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the response cannot be written: nothing left to tell
            }
        }

        private Locale locale(Request request) {
            try {
                return locales.resolveLocale(request);
            } catch (RuntimeException e) {
                return Localisation.DEFAULT;
            }
        }
    }
}
