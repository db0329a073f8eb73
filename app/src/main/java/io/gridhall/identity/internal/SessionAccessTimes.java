package io.gridhall.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.stereotype.Component;

/**
 * Spring Session's JDBC repository, except that a request that only reads its session writes nothing back and, while
 * this node listens for session changes, reads nothing either. Spring Session stamps every request's session with
 * the time of access, which makes every signed-in request rewrite its row in {@code platform.spring_session} (a row
 * lock, a WAL flush). Here the access time is only written when it has moved by {@link #STEP} or more;
 * {@link SessionTimeouts} keeps its own last-seen stamp the same way.
 *
 * <p>Reads are served from {@link CachedSessions} (issue #8): a session found there is handed out as a {@link Cached}
 * view, which reads the shared copy and only when the request changes something reads the session from the database
 * and changes that. Revocation still holds: a sign-out, a revocation or a timeout on this node deletes the row and
 * drops the copy before the request answers; a change made elsewhere drops it when its notice arrives. The idle
 * limits and the row's expiry are measured from an access time that may be up to a minute old, so a session can end
 * up to a minute early, never late.
 */
@Component
class SessionAccessTimes implements BeanPostProcessor {

    private final ObjectProvider<CachedSessions> cache;

    SessionAccessTimes(ObjectProvider<CachedSessions> cache) {
        this.cache = cache;
    }

    /** How far the access time may lag behind before it is written again. */
    static final Duration STEP = Duration.ofMinutes(1);

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof JdbcIndexedSessionRepository jdbc ? new Repository(jdbc, cache) : bean;
    }

    /** True when the stamp {@code last} should move to {@code now}. */
    static boolean due(Instant last, Instant now) {
        return last == null || !now.isBefore(last.plus(STEP)) || now.isBefore(last);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final class Repository implements FindByIndexNameSessionRepository<Session> {

        private final FindByIndexNameSessionRepository delegate;
        private final ObjectProvider<CachedSessions> cache;

        Repository(JdbcIndexedSessionRepository delegate, ObjectProvider<CachedSessions> cache) {
            this.delegate = delegate;
            this.cache = cache;
        }

        private CachedSessions cache() {
            CachedSessions c = cache.getIfAvailable();
            return c != null && c.live() ? c : null;
        }

        @Override
        public Session createSession() {
            return new Sparing((Session) delegate.createSession());
        }

        @Override
        public void save(Session session) {
            switch (session) {
                case Cached c -> {
                    // nothing changed: nothing to write, the copy stays good
                    if (c.stored == null) return;
                    delegate.save(c.stored.session);
                    dropped(c.entry.id());
                    dropped(c.stored.getId());
                }
                case Sparing s -> {
                    delegate.save(s.session);
                    dropped(s.getId());
                }
                default -> delegate.save(session);
            }
        }

        @Override
        public Session findById(String id) {
            CachedSessions c = cache();
            if (c == null) return read(id);
            CachedSessions.Entry entry = c.get(id);
            // no expiry check here: the idle and absolute limits of a signed-in session are SessionTimeouts' on every
            // request; the row's own expiry (the backstop) removes the row and its notice drops the copy
            if (entry != null) return new Cached(entry, this, c);
            long generation = c.generation();
            // Spring Session deletes an expired row as it reads it
            Sparing found = read(id);
            if (found == null) {
                c.drop(id);
                return null;
            }
            entry = new CachedSessions.Entry(found.session);
            c.keep(entry, generation);
            return new Cached(entry, this, c);
        }

        /** The session as the database has it now. */
        Sparing read(String id) {
            Session found = (Session) delegate.findById(id);
            return found == null ? null : new Sparing(found);
        }

        @Override
        public void deleteById(String id) {
            delegate.deleteById(id);
            dropped(id);
        }

        private void dropped(String id) {
            CachedSessions c = cache.getIfAvailable();
            if (c != null) c.drop(id);
        }

        @Override
        public Map<String, Session> findByIndexNameAndIndexValue(String indexName, String indexValue) {
            return delegate.findByIndexNameAndIndexValue(indexName, indexValue);
        }
    }

    /**
     * One request's view of a cached session: reads come from the shared copy; the first change (an attribute, the
     * id, the interval, an access time a step old) reads the session from the database and applies this and every
     * later change to it, which the repository then saves. A session that was deleted meanwhile takes the changes in
     * memory and saves nothing, as Spring Session does with a session deleted under it.
     */
    static final class Cached implements Session {

        private final CachedSessions.Entry entry;
        private final Repository repository;
        private final CachedSessions cache;
        private Sparing stored;
        private Session detached;

        Cached(CachedSessions.Entry entry, Repository repository, CachedSessions cache) {
            this.entry = entry;
            this.repository = repository;
            this.cache = cache;
        }

        private Session changing() {
            if (stored != null) return stored;
            if (detached != null) return detached;
            stored = repository.read(entry.id());
            if (stored != null) return stored;
            MapSession gone = new MapSession(entry.id());
            gone.setCreationTime(entry.creationTime());
            gone.setLastAccessedTime(entry.lastAccessedTime());
            gone.setMaxInactiveInterval(entry.maxInactiveInterval());
            for (String name : entry.attributeNames()) gone.setAttribute(name, entry.attribute(name));
            detached = gone;
            return detached;
        }

        private Session current() {
            return stored != null ? stored : detached;
        }

        @Override
        public void setLastAccessedTime(Instant time) {
            if (current() != null) current().setLastAccessedTime(time);
            else if (due(entry.lastAccessedTime(), time)) changing().setLastAccessedTime(time);
        }

        @Override
        public String getId() {
            return current() != null ? current().getId() : entry.id();
        }

        @Override
        public String changeSessionId() {
            return changing().changeSessionId();
        }

        @Override
        public <T> T getAttribute(String name) {
            return current() != null ? current().getAttribute(name) : entry.attribute(name);
        }

        @Override
        public Set<String> getAttributeNames() {
            return current() != null ? current().getAttributeNames() : entry.attributeNames();
        }

        @Override
        public void setAttribute(String name, Object value) {
            changing().setAttribute(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            changing().removeAttribute(name);
        }

        @Override
        public Instant getCreationTime() {
            return current() != null ? current().getCreationTime() : entry.creationTime();
        }

        @Override
        public Instant getLastAccessedTime() {
            return current() != null ? current().getLastAccessedTime() : entry.lastAccessedTime();
        }

        @Override
        public void setMaxInactiveInterval(Duration interval) {
            changing().setMaxInactiveInterval(interval);
        }

        @Override
        public Duration getMaxInactiveInterval() {
            return current() != null ? current().getMaxInactiveInterval() : entry.maxInactiveInterval();
        }

        @Override
        public boolean isExpired() {
            return current() != null ? current().isExpired() : entry.isExpired(cache.now());
        }
    }

    /** A session whose access time is passed on only when it moved by a step. */
    static final class Sparing implements Session {

        final Session session;

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
