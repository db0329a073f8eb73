package io.gridhall.shared.internal;

import io.gridhall.shared.Problem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.servlet.filter.OrderedFilter;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The border every request crosses before anything reads it: refusals made here (and by the security filters after
 * it) speak the caller's language; a NUL character in the address is refused with 400 {@code nul-character}
 * (PostgreSQL cannot store it); a body other than a multipart upload (which the servlet container caps) larger than
 * {@code gridhall.web.max-body-size} is refused with 413 {@code body-too-large}, before it is parsed: at once when
 * its length is declared, as soon as the limit is passed when it is streamed.
 */
@Component
class RequestBorder extends OncePerRequestFilter implements OrderedFilter {

    /** Right after Boot's request context filter, before the security filters. */
    static final int ORDER = OrderedFilter.REQUEST_WRAPPER_FILTER_MAX_ORDER - 104;

    private final LocaleResolver locales;
    private final HandlerExceptionResolver problems;
    private final long maxBody;

    RequestBorder(
            LocaleResolver locales,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems,
            @Value("${gridhall.web.max-body-size:20MB}") DataSize maxBody) {
        this.locales = locales;
        this.problems = problems;
        this.maxBody = maxBody.toBytes();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        LocaleContext previous = LocaleContextHolder.getLocaleContext();
        LocaleContextHolder.setLocale(locales.resolveLocale(request));
        try {
            if (hasNul(request.getRequestURI()) || hasNul(request.getQueryString())) {
                problems.resolveException(request, response, null, Problem.badRequest("nul-character"));
                return;
            }
            if (isMultipart(request)) {
                chain.doFilter(request, response);
                return;
            }
            if (request.getContentLengthLong() > maxBody) {
                problems.resolveException(request, response, null, tooLarge(maxBody));
                return;
            }
            chain.doFilter(new CappedBody(request, maxBody), response);
        } finally {
            LocaleContextHolder.setLocaleContext(previous);
        }
    }

    /** The answer to a body over the limit: 413 with the limit in MB. */
    static Problem tooLarge(long maxBody) {
        return new Problem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "body-too-large",
                        DataSize.ofBytes(maxBody).toMegabytes())
                .with("maxBytes", maxBody);
    }

    private static boolean hasNul(String text) {
        return text != null
                && (text.indexOf('\0') >= 0 || text.toLowerCase(Locale.ROOT).contains("%00"));
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    /** Thrown by a body's stream once more than the limit was read; the problem handling answers 413. */
    static final class BodyTooLarge extends IOException {
        final long limit;

        BodyTooLarge(long limit) {
            super("the request body is larger than " + limit + " bytes");
            this.limit = limit;
        }
    }

    /** A request whose body stream fails with {@link BodyTooLarge} once more than the limit was read. */
    private static final class CappedBody extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;
        private BufferedReader reader;

        CappedBody(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) stream = new Capped(super.getInputStream(), limit);
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    private static final class Capped extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        Capped(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        private int counted(int n) throws BodyTooLarge {
            if (n > 0) {
                read += n;
                if (read > limit) throw new BodyTooLarge(limit);
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) counted(1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return counted(in.read(buffer, offset, length));
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
