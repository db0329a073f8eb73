package io.gridhall.identity.internal;

import io.gridhall.identity.Permission;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a metrics scraper (Prometheus: {@code authorization: {credentials: ...}}) read the monitoring endpoints
 * with {@code Authorization: Bearer <gridhall.monitoring.token>} instead of a staff session. The token grants
 * {@link Permission#MONITORING} for that one request only, on {@code /actuator/**} and {@code /v3/api-docs}; it
 * is never stored in a session. Without a configured token (at least 32 characters) the filter does nothing.
 */
class MonitoringToken extends OncePerRequestFilter {

    static final int MIN_LENGTH = 32;

    private final byte[] expected;

    MonitoringToken(String token) {
        if (token != null && !token.isBlank() && token.strip().length() < MIN_LENGTH) {
            throw new IllegalStateException(
                    "gridhall.monitoring.token must hold at least " + MIN_LENGTH + " characters");
        }
        this.expected = token == null || token.isBlank() ? null : sha256(token.strip());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return expected == null || !(path.startsWith("/actuator/") || path.startsWith("/v3/api-docs"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null
                && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(expected, sha256(header.substring(7).strip()))) {
            SecurityContext context =
                    SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    "monitoring", null, List.of(new SimpleGrantedAuthority(Permission.MONITORING.name()))));
            SecurityContextHolder.getContextHolderStrategy().setContext(context);
        }
        chain.doFilter(request, response);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
