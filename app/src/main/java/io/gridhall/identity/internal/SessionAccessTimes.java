package io.gridhall.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.stereotype.Component;

/**
 * Spring Session's JDBC repository, except that a request that only reads its session writes nothing back. Spring
 * Session stamps every request's session with the time of access, which makes every signed-in request rewrite its
 * row in {@code platform.spring_session} (a row lock, a WAL flush). Here the access time is only written when it
 * has moved by {@link #STEP} or more; {@link SessionTimeouts} keeps its own last-seen stamp the same way.
 *
 * <p>Revocation is unchanged: every request still reads its session row, so a sign-out or an ended session (the row
 * deleted, on any node) takes effect on the next request everywhere. The idle limits and the row's expiry are
 * measured from an access time that may be up to a minute old, so a session can end up to a minute early, never
 * late.
 */
@Component
class SessionAccessTimes implements BeanPostProcessor {

    /** How far the access time may lag behind before it is written again. */
    static final Duration STEP = Duration.ofMinutes(1);

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof JdbcIndexedSessionRepository jdbc ? new Repository(jdbc) : bean;
    }

    /** True when the stamp {@code last} should move to {@code now}. */
    static boolean due(Instant last, Instant now) {
        return last == null || !now.isBefore(last.plus(STEP)) || now.isBefore(last);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final class Repository implements FindByIndexNameSessionRepository<Session> {

        private final FindByIndexNameSessionRepository delegate;

        Repository(JdbcIndexedSessionRepository delegate) {
            this.delegate = delegate;
        }

        @Override
        public Session createSession() {
            return new Sparing((Session) delegate.createSession());
        }

        @Override
        public void save(Session session) {
            delegate.save(session instanceof Sparing s ? s.session : session);
        }

        @Override
        public Session findById(String id) {
            Session found = (Session) delegate.findById(id);
            return found == null ? null : new Sparing(found);
        }

        @Override
        public void deleteById(String id) {
            delegate.deleteById(id);
        }

        @Override
        public Map<String, Session> findByIndexNameAndIndexValue(String indexName, String indexValue) {
            return delegate.findByIndexNameAndIndexValue(indexName, indexValue);
        }
    }

    /** A session whose access time is passed on only when it moved by a step. */
    static final class Sparing implements Session {

        private final Session session;

        Sparing(Session session) {
            this.session = session;
        }

        @Override
        public void setLastAccessedTime(Instant time) {
            if (due(session.getLastAccessedTime(), time)) session.setLastAccessedTime(time);
        }

        @Override
        public String getId() {
            return session.getId();
        }

        @Override
        public String changeSessionId() {
            return session.changeSessionId();
        }

        @Override
        public <T> T getAttribute(String name) {
            return session.getAttribute(name);
        }

        @Override
        public Set<String> getAttributeNames() {
            return session.getAttributeNames();
        }

        @Override
        public void setAttribute(String name, Object value) {
            session.setAttribute(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            session.removeAttribute(name);
        }

        @Override
        public Instant getCreationTime() {
            return session.getCreationTime();
        }

        @Override
        public Instant getLastAccessedTime() {
            return session.getLastAccessedTime();
        }

        @Override
        public void setMaxInactiveInterval(Duration interval) {
            session.setMaxInactiveInterval(interval);
        }

        @Override
        public Duration getMaxInactiveInterval() {
            return session.getMaxInactiveInterval();
        }

        @Override
        public boolean isExpired() {
            return session.isExpired();
        }
    }
}
