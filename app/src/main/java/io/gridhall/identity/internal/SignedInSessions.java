package io.gridhall.identity.internal;

import io.gridhall.identity.Actor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.stereotype.Component;

/**
 * Puts a signed-in actor into the session (stored in PostgreSQL by Spring Session JDBC) and takes it
 * out again. Sign-in rotates the session id against fixation and sets the timeouts: staff 15 minutes
 * idle, customers 30, both 12 hours at most; {@link SessionTimeouts} enforces them on every request.
 */
@Component
public class SignedInSessions {

    /** Request attribute set when this request found its session timed out: "idle" or "absolute". */
    public static final String EXPIRED = "gridhall.sessionExpired";

    static final String SIGNED_IN_AT = "gridhall.signedInAt";
    static final String LAST_SEEN = "gridhall.lastSeen";
    static final String IDLE_SECONDS = "gridhall.idleSeconds";
    static final String ABSOLUTE_SECONDS = "gridhall.absoluteSeconds";
    static final String PENDING_STAFF = "gridhall.pendingStaff";
    /** The session's CSRF token (see {@link WebSecurity}): handed over to the pending session, renewed at sign-in. */
    static final String CSRF_TOKEN = "gridhall.csrfToken";

    static final Duration STAFF_IDLE = Duration.ofMinutes(15);
    static final Duration CUSTOMER_IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(12);
    static final Duration PENDING_VALIDITY = Duration.ofMinutes(5);

    private final Clock clock;
    private final SecurityContextRepository contexts;

    SignedInSessions(Clock clock, SecurityContextRepository contexts) {
        this.clock = clock;
        this.contexts = contexts;
    }

    /** A staff member who passed the password step and owes the TOTP code. */
    record PendingStaff(long staffId, Instant at) implements Serializable {}

    public void start(HttpServletRequest request, HttpServletResponse response, Actor actor) {
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        Duration idle = actor.isStaff() ? STAFF_IDLE : CUSTOMER_IDLE;
        Instant now = clock.instant();
        session.removeAttribute(PENDING_STAFF);
        // a token handed out before sign-in does not serve the signed-in session: the client fetches a new one
        session.removeAttribute(CSRF_TOKEN);
        session.setMaxInactiveInterval((int) idle.toSeconds());
        session.setAttribute(SIGNED_IN_AT, now);
        session.setAttribute(LAST_SEEN, now);
        session.setAttribute(IDLE_SECONDS, idle.toSeconds());
        session.setAttribute(ABSOLUTE_SECONDS, ABSOLUTE.toSeconds());
        session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, principalName(actor));
        var authorities = actor.permissions().stream()
                .map(p -> new SimpleGrantedAuthority(p.name()))
                .toList();
        var authentication = new UsernamePasswordAuthenticationToken(actor, null, authorities);
        SecurityContext context =
                SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.getContextHolderStrategy().setContext(context);
        contexts.saveContext(context, request, response);
    }

    /** After the password step: a fresh session that holds only the pending second factor. */
    public void startPending(HttpServletRequest request, long staffId) {
        HttpSession old = request.getSession(false);
        Object csrf = old == null ? null : old.getAttribute(CSRF_TOKEN);
        if (old != null) old.invalidate();
        HttpSession session = request.getSession(true);
        session.setMaxInactiveInterval((int) PENDING_VALIDITY.toSeconds());
        // the same browser sends the code next: it keeps the token it has
        if (csrf != null) session.setAttribute(CSRF_TOKEN, csrf);
        session.setAttribute(PENDING_STAFF, new PendingStaff(staffId, clock.instant()));
    }

    /** The staff id awaiting a TOTP code in this session, if the password step was recent. */
    public Long pendingStaff(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(PENDING_STAFF) instanceof PendingStaff pending)) return null;
        if (clock.instant().isAfter(pending.at().plus(PENDING_VALIDITY))) {
            session.removeAttribute(PENDING_STAFF);
            return null;
        }
        return pending.staffId();
    }

    public void clearPending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) session.removeAttribute(PENDING_STAFF);
    }

    public void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) session.invalidate();
        SecurityContextHolder.getContextHolderStrategy().clearContext();
    }

    static String principalName(Actor actor) {
        return (actor.isStaff() ? "staff:" : "customer:") + actor.userId().value();
    }
}
