package io.gridhall.metering.internal;

import io.gridhall.dlt645.ControlSecurity;
import io.gridhall.dlt645.DecodeException;
import io.gridhall.dlt645.Frame;
import io.gridhall.dlt645.FrameScanner;
import io.gridhall.dlt645.Reply;
import io.gridhall.dlt645.Request;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The DL/T 645 head-end: concentrators and DTUs dial in over TCP (as GPRS/4G modules do), register
 * with one line {@code DTU:<12 chars>[:<secret>]\n}, then carry DL/T 645 frames both ways, with {@code HB\n}
 * heartbeats between frames. Only a concentrator of the archive may register, with its registration
 * secret when it has one ({@link Concentrators}); a connection that has not registered within
 * {@code registration-timeout} is dropped, and connections are capped per source address and in total.
 * The head-end sends one request at a time per link (a DTU is half duplex), matches replies by link,
 * address, function and data identifier, and ignores late, duplicate or unasked replies; it learns
 * where a meter the archive does not place sits only from a reply to a request. A link that is silent for
 * three heartbeat intervals is dropped; a DTU that registers again replaces its old link, which is logged
 * and audited. Production head-ends listen on the private APN only (ADR 0009).
 */
@Component
public class HeadEnd implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HeadEnd.class);
    /** What a concentrator or DTU sends after {@code DTU:} when it dials in; the archive names links the same way. */
    public static final Pattern DTU_ID = Pattern.compile("[0-9A-Z]{12}");

    private static final byte[] PREAMBLE = {(byte) 0xFE, (byte) 0xFE, (byte) 0xFE, (byte) 0xFE};
    /** "DTU:" + id + ":" + a 64-character secret. */
    private static final int MAX_REGISTRATION = 96;

    /** One connected concentrator or DTU. */
    public static final class Link {
        final String id;
        final Channel channel;
        final ReentrantLock turn = new ReentrantLock(true);
        volatile Pending pending;

        Link(String id, Channel channel) {
            this.id = id;
            this.channel = channel;
        }

        public String id() {
            return id;
        }

        boolean open() {
            return channel.isActive();
        }
    }

    record Pending(Request request, CompletableFuture<Reply> reply) {
        boolean answers(Reply r) {
            if (!r.address().equals(request.address())) return false;
            return switch (r) {
                case Reply.ReadData d ->
                    request instanceof Request.Read read && read.id().equals(d.id());
                case Reply.Acknowledged a -> a.function() == request.function();
                case Reply.Abnormal a -> a.function() == request.function();
                case Reply.AddressReply a -> request instanceof Request.ReadAddress;
                case Reply.BaudRateChanged b -> request instanceof Request.ChangeBaudRate;
            };
        }
    }

    private final FrameLog frames;
    private final Meters meters;
    private final Concentrators concentrators;
    private final int port;
    private final Duration idle;
    private final Duration registrationTimeout;
    private final int maxConnections;
    private final int maxPerSource;
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<InetAddress, Integer> perSource = new ConcurrentHashMap<>();
    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final Map<String, String> linkOfMeter = new ConcurrentHashMap<>();
    /** From the meter archive: where a meter is; it wins over the replies (linkOfMeter). */
    private final Map<String, String> archived = new ConcurrentHashMap<>();

    private final ExecutorService fanOut = Executors.newVirtualThreadPerTaskExecutor();
    private EventLoopGroup group;
    private Channel server;
    private volatile int boundPort;

    HeadEnd(
            FrameLog frames,
            Meters meters,
            Concentrators concentrators,
            @Value("${gridhall.headend.port:9645}") int port,
            @Value("${gridhall.headend.idle:PT3M}") Duration idle,
            @Value("${gridhall.headend.registration-timeout:PT10S}") Duration registrationTimeout,
            @Value("${gridhall.headend.max-connections:20000}") int maxConnections,
            @Value("${gridhall.headend.max-connections-per-source:16}") int maxPerSource) {
        this.frames = frames;
        this.meters = meters;
        this.concentrators = concentrators;
        this.port = port;
        this.idle = idle;
        this.registrationTimeout = registrationTimeout;
        this.maxConnections = maxConnections;
        this.maxPerSource = maxPerSource;
    }

    public int port() {
        return boundPort;
    }

    /** The connections that hold a slot now, registered or not yet. */
    int openConnections() {
        return connections.get();
    }

    public List<String> links() {
        return links.values().stream().filter(Link::open).map(Link::id).sorted().toList();
    }

    /**
     * Where the meter archive says meters are (address -> concentrator id). A link a meter last answered on that the
     * archive now contradicts is forgotten: the meter was moved, and its next reply teaches the head-end again.
     */
    public void route(Map<String, String> concentratorOfMeter) {
        concentrators.learn(Set.copyOf(concentratorOfMeter.values()));
        archived.putAll(concentratorOfMeter);
        concentratorOfMeter.forEach(
                (address, id) -> linkOfMeter.computeIfPresent(address, (a, was) -> was.equals(id) ? was : null));
    }

    /** The link each meter last answered on (address -> link id), a snapshot. */
    public Map<String, String> answeredOn() {
        return Map.copyOf(linkOfMeter);
    }

    /**
     * The meter's own link: the concentrator the archive names (only that one, and only while it is up), else, for a
     * meter no archive places, the link it last answered a request on. Empty: no own link is up.
     */
    public Optional<String> linkOf(String address) {
        String archivedOn = archived.get(address);
        String id = archivedOn != null ? archivedOn : linkOfMeter.get(address);
        Link link = id == null ? null : links.get(id);
        return link != null && link.open() ? Optional.of(id) : Optional.empty();
    }

    /**
     * False when the archive puts the meter behind a concentrator that is not connected: a meter answers only on its
     * own concentrator, so asking the others would only load them. A meter the archive does not place may be anywhere.
     */
    public boolean mayReach(String address) {
        return linkOf(address).isPresent() || !archived.containsKey(address);
    }

    /**
     * Sends a request to a meter and waits for its reply. A meter whose link is unknown is asked on
     * every link at once; the one that answers is remembered. A meter that {@link #mayReach} excludes is not asked.
     *
     * @return the reply, or empty when no reply came within the timeout
     */
    public Optional<Reply> exchange(Request request, Duration timeout, ControlSecurity security) {
        String address = request.address().digits();
        Optional<String> known = linkOf(address);
        if (known.isPresent()) return exchange(links.get(known.get()), request, timeout, security);
        if (!mayReach(address)) return Optional.empty();
        List<Link> all = links.values().stream().filter(Link::open).toList();
        if (all.isEmpty()) return Optional.empty();
        if (all.size() == 1) return exchange(all.getFirst(), request, timeout, security);
        List<CompletableFuture<Optional<Reply>>> tries = new ArrayList<>();
        for (Link l : all) {
            tries.add(CompletableFuture.supplyAsync(() -> exchange(l, request, timeout, security), fanOut));
        }
        Optional<Reply> found = Optional.empty();
        for (var t : tries) {
            Optional<Reply> r = t.join();
            if (r.isPresent() && found.isEmpty()) found = r;
        }
        return found;
    }

    /**
     * Sends a request only on the meter's own link ({@link #linkOf}), never searching the others, so only a reply from
     * that link and that address counts. What remote control uses: a command and the read that verifies it.
     *
     * @param beforeSend asked once the link's turn has come; false: nothing is sent
     */
    public Optional<Reply> exchangeOnOwnLink(
            Request request, Duration timeout, ControlSecurity security, BooleanSupplier beforeSend) {
        Optional<String> own = linkOf(request.address().digits());
        Link link = own.map(links::get).orElse(null);
        if (link == null) return Optional.empty();
        return exchange(link, request, timeout, security, beforeSend);
    }

    /**
     * The frame as the frame log keeps it: the password secret of a parameter write (0x14) or a control command
     * (0x1C) zeroed, the level kept, so the log, which support staff read, never holds a meter password.
     */
    static byte[] logged(Request request, byte[] frame) {
        int at; // where the password's level byte sits in DATA
        if (request instanceof Request.Write) at = 4; // after DI0..DI3
        else if (request instanceof Request.Control) at = 0;
        else return frame;
        try {
            Frame sent = Frame.decode(frame);
            byte[] data = sent.data();
            data[at + 1] = data[at + 2] = data[at + 3] = 0;
            return new Frame(sent.address(), sent.control(), data).encode();
        } catch (DecodeException e) {
            throw new IllegalStateException("a frame this head-end encoded does not decode", e);
        }
    }

    private Optional<Reply> exchange(Link link, Request request, Duration timeout, ControlSecurity security) {
        return exchange(link, request, timeout, security, () -> true);
    }

    private Optional<Reply> exchange(
            Link link, Request request, Duration timeout, ControlSecurity security, BooleanSupplier beforeSend) {
        try {
            // waiting for the link's turn does not count against the reply timeout
            link.turn.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            if (!link.open() || !beforeSend.getAsBoolean()) return Optional.empty();
            Pending pending = new Pending(request, new CompletableFuture<>());
            link.pending = pending;
            byte[] frame = request.toFrame(security).encode();
            byte[] wire = new byte[PREAMBLE.length + frame.length];
            System.arraycopy(PREAMBLE, 0, wire, 0, PREAMBLE.length);
            System.arraycopy(frame, 0, wire, PREAMBLE.length, frame.length);
            frames.record(request.address().digits(), true, logged(request, frame), link.id);
            link.channel.writeAndFlush(Unpooled.wrappedBuffer(wire));
            return Optional.of(pending.reply().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } finally {
            link.pending = null;
            link.turn.unlock();
        }
    }

    void received(Link link, Frame frame) {
        String address = frame.address().digits();
        frames.record(address, false, frame.encode(), link.id);
        Reply reply;
        try {
            reply = Reply.parse(frame);
        } catch (DecodeException e) {
            log.debug("Unusable frame from {} on {}: {}", address, link.id, e.getMessage());
            return;
        }
        Pending p = link.pending;
        if (p != null && p.answers(reply)) {
            // only a reply to what was asked on this link teaches where a meter is: an unasked frame claiming an
            // address cannot draw that meter's traffic to another link
            if (!archived.containsKey(address) || archived.get(address).equals(link.id)) {
                linkOfMeter.put(address, link.id);
            }
            p.reply().complete(reply);
        } else {
            log.debug("Late or unasked reply from {} on {} ignored", address, link.id);
        }
    }

    void registered(Link link) {
        Link old = links.put(link.id, link);
        if (old != null && old.channel != link.channel) {
            String from = source(link.channel);
            String was = source(old.channel);
            if (old.open()) {
                // a DTU whose old connection is half open, or someone with its id and secret: either way, on record
                log.warn("DTU {} registered again from {}; its live link from {} is closed", link.id, from, was);
                concentrators.displaced(link.id, from, was);
            }
            old.channel.close();
        }
        log.info("DTU {} registered from {}", link.id, link.channel.remoteAddress());
    }

    private static String source(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() + ":" + a.getPort()
                : String.valueOf(channel.remoteAddress());
    }

    /**
     * The registration line: {@code DTU:<id>} or {@code DTU:<id>:<secret>}. Null: not a registration line. The
     * secret is null when none was sent.
     */
    record Registration(String id, String secret) {
        static Registration parse(String line) {
            if (!line.startsWith("DTU:")) return null;
            String rest = line.substring(4);
            String id = rest.length() >= 12 ? rest.substring(0, 12) : rest;
            if (!DTU_ID.matcher(id).matches()) return null;
            if (rest.length() == 12) return new Registration(id, null);
            if (rest.charAt(12) != ':') return null;
            String secret = rest.substring(13);
            return Concentrators.SECRET.matcher(secret).matches() ? new Registration(id, secret) : null;
        }
    }

    void disconnected(Link link) {
        links.remove(link.id, link);
        Pending p = link.pending;
        if (p != null) p.reply().completeExceptionally(new IllegalStateException("link closed"));
    }

    /** Per connection: the registration line first, then a stream of frames and heartbeats. */
    private final class LinkHandler extends ChannelInboundHandlerAdapter {
        private final ByteArrayOutputStream registration = new ByteArrayOutputStream();
        private static final long FRAME_GAP_NANOS = TimeUnit.SECONDS.toNanos(2);
        private final FrameScanner scanner = new FrameScanner();
        private long lastRead = System.nanoTime();
        private Link link;
        private InetAddress counted;
        private boolean holdsSlot;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            InetAddress from = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
            int total = connections.incrementAndGet();
            int fromSource = from == null ? 0 : perSource.merge(from, 1, Integer::sum);
            counted = from;
            holdsSlot = true;
            if (total > maxConnections || fromSource > maxPerSource) {
                // a refused connection gives its slot back at once, not when its close is seen later
                release();
                log.warn(
                        "Connection from {} refused: {} connections from it, {} in all (caps {} and {})",
                        from == null ? "?" : from.getHostAddress(),
                        fromSource,
                        total,
                        maxPerSource,
                        maxConnections);
                ctx.close();
                return;
            }
            ctx.executor()
                    .schedule(
                            () -> {
                                if (link == null && ctx.channel().isActive()) {
                                    log.info(
                                            "Connection from {} did not register within {}; closed",
                                            ctx.channel().remoteAddress(),
                                            registrationTimeout);
                                    ctx.close();
                                }
                            },
                            registrationTimeout.toMillis(),
                            TimeUnit.MILLISECONDS);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            byte[] bytes;
            try {
                bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
            } finally {
                buf.release();
            }
            int offset = 0;
            if (link == null) {
                while (offset < bytes.length && bytes[offset] != '\n') registration.write(bytes[offset++]);
                if (offset == bytes.length) {
                    if (registration.size() > MAX_REGISTRATION) ctx.close();
                    return;
                }
                offset++; // the newline
                if (registration.size() > MAX_REGISTRATION) {
                    ctx.close();
                    return;
                }
                Registration r = Registration.parse(
                        registration.toString(StandardCharsets.US_ASCII).strip());
                if (r == null) {
                    log.info(
                            "Connection from {} without a valid registration closed",
                            ctx.channel().remoteAddress());
                    ctx.close();
                    return;
                }
                Concentrators.Verdict verdict = concentrators.check(r.id(), r.secret());
                if (verdict != Concentrators.Verdict.ACCEPTED) {
                    // the id is no secret; the secret never goes into a log line
                    log.warn(
                            "Registration as {} from {} refused: {}",
                            r.id(),
                            ctx.channel().remoteAddress(),
                            switch (verdict) {
                                case UNKNOWN -> "not a concentrator of the archive";
                                case SECRET_REQUIRED ->
                                    "no registration secret sent, or none configured where one is required";
                                default -> "wrong registration secret";
                            });
                    ctx.close();
                    return;
                }
                link = new Link(r.id(), ctx.channel());
                registered(link);
            }
            if (offset < bytes.length) {
                // A frame's bytes come within 500 ms of each other (DL/T 645); after a longer silence a partial
                // frame will never complete, and the scanner must not wait for it behind the next reply.
                long now = System.nanoTime();
                if (now - lastRead > FRAME_GAP_NANOS) scanner.idle().frames().forEach(f -> received(link, f));
                lastRead = now;
                for (Frame f :
                        scanner.feed(bytes, offset, bytes.length - offset).frames()) received(link, f);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                log.info(
                        "Link {} silent too long; dropped",
                        link == null ? ctx.channel().remoteAddress() : link.id);
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            release();
            if (link != null) disconnected(link);
        }

        /** Gives the connection's slot back once; both callers run on the channel's own event loop. */
        private void release() {
            if (!holdsSlot) return;
            holdsSlot = false;
            connections.decrementAndGet();
            if (counted != null) perSource.computeIfPresent(counted, (a, n) -> n <= 1 ? null : n - 1);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("Link error: {}", cause.getMessage());
            ctx.close();
        }
    }

    @Override
    public void start() {
        concentrators.refresh();
        archived.putAll(meters.routes());
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new IdleStateHandler(idle.toSeconds(), 0, 0, TimeUnit.SECONDS));
                            ch.pipeline().addLast(new LinkHandler());
                        }
                    })
                    .bind(port)
                    .sync()
                    .channel();
            boundPort = ((InetSocketAddress) server.localAddress()).getPort();
            log.info("Head-end listening on port {}", boundPort);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("interrupted while binding the head-end", e);
        } catch (Exception e) { // Netty rethrows a BindException unchecked
            // a port in use: release the event loops, whose threads would otherwise keep the JVM from exiting
            stop();
            throw new IllegalStateException("The head-end cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        if (server != null) server.close().awaitUninterruptibly();
        links.values().forEach(l -> l.channel.close());
        if (group != null) group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        fanOut.shutdownNow();
        server = null;
        group = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        return 100;
    }
}
