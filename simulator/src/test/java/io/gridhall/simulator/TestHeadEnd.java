package io.gridhall.simulator;

import io.gridhall.dlt645.DecodeError;
import io.gridhall.dlt645.Frame;
import io.gridhall.dlt645.FrameScanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The smallest head-end: accepts DTUs on loopback, reads their registration and collects frames. */
final class TestHeadEnd implements AutoCloseable {

    final ServerSocket server;
    final Map<String, Link> links = new ConcurrentHashMap<>();
    final List<String> registrations = new CopyOnWriteArrayList<>();

    static final class Link {
        final Socket socket;
        final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        final List<DecodeError> rejected = new CopyOnWriteArrayList<>();
        final AtomicLong skipped = new AtomicLong();

        Link(Socket socket) {
            this.socket = socket;
        }

        void send(byte[] bytes) throws IOException {
            synchronized (this) {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            }
        }

        /** The next frame within {@code timeout}, or null. */
        Frame next(Duration timeout) throws InterruptedException {
            return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        List<Frame> drain(Duration quiet) throws InterruptedException {
            List<Frame> out = new ArrayList<>();
            Frame f;
            while ((f = next(quiet)) != null) {
                out.add(f);
            }
            return out;
        }
    }

    TestHeadEnd() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("test-head-end").start(this::accept);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(0);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n' && line.size() < DtuProtocol.REGISTRATION_LENGTH) {
                line.write(b);
            }
            String id = DtuProtocol.parseRegistration(line.toByteArray()).orElseThrow();
            Link link = new Link(s);
            links.put(id, link);
            registrations.add(id);
            FrameScanner scanner = new FrameScanner();
            byte[] buffer = new byte[1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                FrameScanner.Result r = scanner.feed(buffer, 0, n);
                link.frames.addAll(r.frames());
                link.rejected.addAll(r.rejected());
                link.skipped.addAndGet(r.skippedBytes());
            }
        } catch (IOException | RuntimeException ended) {
            // The test dropped the link or the DTU went away.
        }
    }

    Link awaitLink(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Link link = links.get(id);
            if (link != null) {
                return link;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("DTU " + id + " did not register within " + timeout);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Link l : links.values()) {
            l.socket.close();
        }
    }
}
