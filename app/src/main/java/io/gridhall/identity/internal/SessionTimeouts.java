package io.gridhall.identity.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a signed-in session that was idle too long or is older than its absolute limit, measured by
 * the platform clock. The session's own max-inactive interval is the backstop that removes the row. The last-seen
 * stamp moves in steps of a minute ({@link SessionAccessTimes#STEP}), so an idle session ends up to a minute early.
 * The request then continues anonymously, so protected calls answer 401 {@code session-expired}.
 */
class SessionTimeouts extends OncePerRequestFilter {

    private final Clock clock;
    private final Audit audit;

    SessionTimeouts(Clock clock, Audit audit) {
        this.clock = clock;
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SignedInSessions.SIGNED_IN_AT) instanceof Instant signedInAt) {
            Instant now = clock.instant();
            Instant lastSeen = (Instant) session.getAttribute(SignedInSessions.LAST_SEEN);
            long idle = (Long) session.getAttribute(SignedInSessions.IDLE_SECONDS);
            long absolute = (Long) session.getAttribute(SignedInSessions.ABSOLUTE_SECONDS);
            String reason = now.isAfter(signedInAt.plusSeconds(absolute))
                    ? "absolute"
                    : lastSeen != null && now.isAfter(lastSeen.plusSeconds(idle)) ? "idle" : null;
            if (reason != null) {
                Authentication auth = SecurityContextHolder.getContextHolderStrategy()
                        .getContext()
                        .getAuthentication();
                Actor actor = auth != null && auth.getPrincipal() instanceof Actor a ? a : null;
                session.invalidate();
                SecurityContextHolder.getContextHolderStrategy().clearContext();
                request.setAttribute(SignedInSessions.EXPIRED, reason);
                if (actor != null) {
                    audit.record(
                            actor,
                            "session.expired",
                            actor.isStaff() ? "staff" : "customer",
                            Long.toString(actor.userId().value()),
                            Map.of("reason", reason));
                }
            } else if (SessionAccessTimes.due(lastSeen, now)) {
                // written at most once a minute, so a request that only reads writes nothing (SessionAccessTimes)
                session.setAttribute(SignedInSessions.LAST_SEEN, now);
            }
        }
        chain.doFilter(request, response);
    }
}
