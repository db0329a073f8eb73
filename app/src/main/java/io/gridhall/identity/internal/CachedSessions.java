package io.gridhall.identity.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * The sessions this node has read lately, kept in memory so that a signed-in request that only reads needs no round
 * trip to {@code platform.spring_session} and no Java deserialisation of its attributes (issue #8: the session read
 * was a two-round-trip transaction and a tenth of the CPU of a portal request).
 *
 * <p>Revocation still holds. On this node a sign-out, a revocation by staff, a timeout or any write to a session
 * drops the cached copy before the request answers ({@link SessionAccessTimes.Repository}). Every other change, on
 * any node or by SQL (the expiry clean-up), is announced by a trigger on the session tables ({@code NOTIFY
 * gridhall_session}, platform migration V2) when its transaction commits, and this node drops its copy as soon as the
 * notice arrives: milliseconds later. The copies are used only while this node listens: when the listening
 * connection breaks or does not answer the heartbeat ({@link #HEARTBEAT}), every copy is dropped and sessions are
 * read from the database again until it listens again, so a missed notice can leave a session usable on another node
 * for at most about two heartbeats. A copy is also never older than {@code gridhall.sessions.cache-max-age} (five
 * minutes). The idle and absolute limits of a signed-in session are checked on every request against the copy's
 * stamps ({@link SessionTimeouts}), as before; the row's own expiry, the backstop, ends a copy when the clean-up
 * deletes the row (its notice) or when the copy reaches its maximum age.
 *
 * <p>A read that races a change cannot put a stale copy back: a copy read from the database is kept only if no
 * notice or local change arrived while it was read ({@link #generation()}).
 */
@Component
class CachedSessions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CachedSessions.class);

    static final String CHANNEL = "gridhall_session";
    /** How often the listening connection must prove it is alive. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final Clock clock;
    private final boolean enabled;
    private final Cache<String, Entry> entries;
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;
    private volatile boolean running;
    private Thread listener;

    CachedSessions(
            DataSource dataSource,
            Clock clock,
            @Value("${gridhall.sessions.cache:true}") boolean enabled,
            @Value("${gridhall.sessions.cache-size:100000}") long size,
            @Value("${gridhall.sessions.cache-max-age:5m}") Duration maxAge) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.enabled = enabled;
        this.entries =
                Caffeine.newBuilder().maximumSize(size).expireAfterWrite(maxAge).build();
    }

    /** The platform clock, for a copy's {@link Session#isExpired()}. */
    Instant now() {
        return clock.instant();
    }

    /** True while copies may be used: this node is listening for changes. */
    boolean live() {
        return listening;
    }

    /** Taken before a database read; {@link #keep} refuses the copy if anything changed since. */
    long generation() {
        return generation.get();
    }

    Entry get(String id) {
        return listening ? entries.getIfPresent(id) : null;
    }

    /** Keeps a copy read from the database, unless a change arrived after {@code readFrom} was taken. */
    void keep(Entry entry, long readFrom) {
        if (!listening) return;
        entries.put(entry.id(), entry);
        // a notice or local change that arrived during the read may have been applied before the put: undo
        if (generation.get() != readFrom) entries.invalidate(entry.id());
    }

    /** Drops the copy of a session that changed or ended. */
    void drop(String id) {
        generation.incrementAndGet();
        entries.invalidate(id);
    }

    private void dropAll() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }

    @Override
    public void start() {
        if (!enabled) return;
        running = true;
        listener = Thread.ofPlatform().name("session-changes").daemon().start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        listening = false;
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dropAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement s = connection.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                // whatever changed while nobody listened is unknown: start empty
                dropAll();
                listening = true;
                long nextBeat = System.nanoTime() + HEARTBEAT.toNanos();
                while (running) {
                    PGNotification[] notices = pg.getNotifications((int) HEARTBEAT.toMillis() / 2);
                    if (notices != null) for (PGNotification n : notices) drop(n.getParameter());
                    if (System.nanoTime() - nextBeat >= 0) {
                        if (!connection.isValid((int) HEARTBEAT.toSeconds())) throw new SQLException("no answer");
                        nextBeat = System.nanoTime() + HEARTBEAT.toNanos();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running)
                    log.warn(
                            "Not listening for session changes, sessions are read from the database: {}", e.toString());
            } finally {
                listening = false;
                dropAll();
            }
            if (running) {
                try {
                    Thread.sleep(HEARTBEAT);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * What a session held when it was read: never changed, shared by the requests of that session. Attributes are
     * deserialised once, on first use; a security context is handed out as a copy, so a request that changes its
     * context does not change another's.
     */
    static final class Entry {

        private static final Object NONE = new Object();

        private final String id;
        private final Instant creationTime;
        private final Instant lastAccessedTime;
        private final Duration maxInactiveInterval;
        private final Set<String> attributeNames;
        private final Session source;
        private final Map<String, Object> values = new ConcurrentHashMap<>();

        Entry(Session source) {
            this.id = source.getId();
            this.creationTime = source.getCreationTime();
            this.lastAccessedTime = source.getLastAccessedTime();
            this.maxInactiveInterval = source.getMaxInactiveInterval();
            this.attributeNames = Set.copyOf(source.getAttributeNames());
            this.source = source;
        }

        String id() {
            return id;
        }

        Instant creationTime() {
            return creationTime;
        }

        Instant lastAccessedTime() {
            return lastAccessedTime;
        }

        Duration maxInactiveInterval() {
            return maxInactiveInterval;
        }

        Set<String> attributeNames() {
            return attributeNames;
        }

        /** As Spring Session's own sessions tell it: the access time plus the interval is past. */
        boolean isExpired(Instant now) {
            return !maxInactiveInterval.isNegative() && now.isAfter(lastAccessedTime.plus(maxInactiveInterval));
        }

        @SuppressWarnings("unchecked")
        <T> T attribute(String name) {
            if (!attributeNames.contains(name)) return null;
            Object value = values.get(name);
            if (value == null) {
                synchronized (this) {
                    value = values.computeIfAbsent(name, n -> {
                        Object read = source.getAttribute(n);
                        return read == null ? NONE : read;
                    });
                }
            }
            if (value == NONE) return null;
            if (value instanceof SecurityContext context)
                return (T) new SecurityContextImpl(context.getAuthentication());
            return (T) value;
        }
    }
}
