package io.gridhall.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Load on a running portal, open model: requests leave at a constant arrival rate whatever the server does, and
 * each latency is measured from the moment the request was due to leave (not from when it actually left), so a
 * stalled server shows in the percentiles instead of slowing the load down (no coordinated omission).
 *
 * <p>First it signs in many distinct customers the way the portal does (CSRF token, SMS code read from the demo's
 * dev inbox, sign-in), from several loopback source addresses so the per-address code limit is not hit; the
 * phones come from the demo's {@code portal-phones.txt} (start the demo with {@code
 * --gridhall.demo.portal-customers=N}). Then it sends the portal's mix: the home page (who am I, my accounts, the
 * unread count) and the usage page (the account, its usage), each request from a random signed-in customer. In the
 * same run it measures the ceiling at the same rate: the health check and an unauthenticated endpoint.
 *
 * <p>It talks to loopback only and stops by itself. Arguments, all optional, {@code key=value}: {@code
 * base=http://127.0.0.1:8080 phones=./data/portal-phones.txt customers=1000 rate=2000 seconds=120 warmup=20
 * ceiling=30 report=10 sessions=FILE subnet=0}: {@code sessions} keeps the signed-in customers for the next run,
 * {@code subnet} picks other loopback source addresses for sign-ins within the hour, {@code targets} (default
 * {@code health,csrf,portal}) which of the three loads to send, in that order, {@code kinds} (default all, e.g.
 * {@code USAGE} or {@code ME,ACCOUNTS}) which of the portal's requests to send, to cost one kind at a time.
 */
public final class PortalLoad {

    /** The portal's requests, with the share of all requests each takes. */
    enum Kind {
        ME("GET /api/v1/auth/me", 20),
        ACCOUNTS("GET /api/v1/portal/accounts", 20),
        UNREAD("GET /api/v1/portal/messages?size=1", 20),
        ACCOUNT("GET /api/v1/portal/accounts/{id}", 20),
        USAGE("GET /api/v1/portal/accounts/{id}/usage", 20);

        final String label;
        final int percent;

        Kind(String label, int percent) {
            this.label = label;
            this.percent = percent;
        }
    }

    record Customer(String phone, String cookies, long accountId) {}

    private static final Pattern ID = Pattern.compile("\\{\"id\":(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("(?<!\\d)(\\d{6})(?!\\d)");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final Map<String, String> options;

    private PortalLoad(URI base, Map<String, String> options) {
        this.base = base;
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1) throw new IllegalArgumentException("arguments are key=value, not " + a);
            options.put(a.substring(0, eq), a.substring(eq + 1));
        }
        URI base = URI.create(options.getOrDefault("base", "http://127.0.0.1:8080"));
        for (InetAddress address : InetAddress.getAllByName(base.getHost())) {
            if (!address.isLoopbackAddress())
                throw new IllegalArgumentException("loopback only: " + base.getHost() + " is " + address);
        }
        PortalLoad load = new PortalLoad(base, options);
        // the whole run has a deadline of its own, whatever the server does
        long limit =
                600L + load.integer("seconds", 120) + load.integer("warmup", 20) + 2L * load.integer("ceiling", 30);
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(limit * 1000);
                System.err.println("stopping: the run took longer than " + limit + " s");
                Runtime.getRuntime().halt(2);
            } catch (InterruptedException e) {
                // done in time
            }
        });
        load.run();
        watchdog.interrupt();
        System.exit(0);
    }

    private int integer(String key, int otherwise) {
        return Integer.parseInt(options.getOrDefault(key, Integer.toString(otherwise)));
    }

    private void run() throws Exception {
        int rate = integer("rate", 2000);
        int seconds = integer("seconds", 120);
        int warmup = integer("warmup", 20);
        int ceiling = integer("ceiling", 30);
        int report = integer("report", 10);
        List<String> targets =
                List.of(options.getOrDefault("targets", "health,csrf,portal").split(","));
        List<Customer> customers = customers();
        System.out.printf(Locale.ROOT, "%d customers signed in%n", customers.size());
        if (customers.isEmpty()) throw new IllegalStateException("nobody signed in");

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        String yesterday = LocalDate.now().minusDays(1).toString();
        SplittableRandom random = new SplittableRandom(42);
        // kinds=ME,USAGE: only these requests, in their shares of the mix (to cost one kind at a time)
        List<Kind> kinds = options.containsKey("kinds")
                ? java.util.Arrays.stream(options.get("kinds").split(","))
                        .map(k -> Kind.valueOf(k.strip().toUpperCase(Locale.ROOT)))
                        .toList()
                : List.of(Kind.values());
        Kind[] mix = new Kind[kinds.stream().mapToInt(k -> k.percent).sum()];
        int at = 0;
        for (Kind k : kinds) for (int i = 0; i < k.percent; i++) mix[at++] = k;
        RequestSource portal = () -> {
            Customer c = customers.get(random.nextInt(customers.size()));
            Kind kind = mix[random.nextInt(mix.length)];
            String path = switch (kind) {
                case ME -> "/api/v1/auth/me";
                case ACCOUNTS -> "/api/v1/portal/accounts";
                case UNREAD -> "/api/v1/portal/messages?page=0&size=1";
                case ACCOUNT -> "/api/v1/portal/accounts/" + c.accountId();
                case USAGE -> "/api/v1/portal/accounts/" + c.accountId() + "/usage?day=" + yesterday;
            };
            return new Outgoing(
                    kind.label,
                    HttpRequest.newBuilder(base.resolve(path))
                            .timeout(TIMEOUT)
                            .header("Accept", "application/json")
                            .header("Cookie", c.cookies())
                            .GET()
                            .build());
        };
        if (ceiling > 0) {
            HttpRequest health = HttpRequest.newBuilder(base.resolve("/actuator/health"))
                    .timeout(TIMEOUT)
                    .GET()
                    .build();
            HttpRequest csrf = HttpRequest.newBuilder(base.resolve("/api/v1/auth/csrf"))
                    .timeout(TIMEOUT)
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            if (targets.contains("health")) {
                System.out.printf(Locale.ROOT, "%nceiling: the health check, %d s at %d requests/s%n", ceiling, rate);
                drive(http, () -> new Outgoing("GET /actuator/health", health), rate, ceiling, report, true);
            }
            if (targets.contains("csrf")) {
                System.out.printf(
                        Locale.ROOT, "%nceiling: an unauthenticated endpoint, %d s at %d requests/s%n", ceiling, rate);
                drive(http, () -> new Outgoing("GET /api/v1/auth/csrf", csrf), rate, ceiling, report, true);
            }
        }
        if (!targets.contains("portal")) return;
        if (warmup > 0) {
            System.out.printf(Locale.ROOT, "warm-up: %d s at %d requests/s%n", warmup, rate);
            drive(http, portal, rate, warmup, report, false);
        }
        System.out.printf(
                Locale.ROOT,
                "%nportal mix: %d s at %d requests/s from %d customers%n",
                seconds,
                rate,
                customers.size());
        drive(http, portal, rate, seconds, report, true);
    }

    record Outgoing(String label, HttpRequest request) {}

    interface RequestSource {
        Outgoing next();
    }

    /**
     * Sends at a constant rate for the given time. Each request is due at {@code start + i / rate}; the pacing
     * thread sends it then (or at once, when behind), and its latency counts from the due time.
     */
    private static void drive(HttpClient http, RequestSource source, int rate, int seconds, int report, boolean print)
            throws InterruptedException {
        Recorder interval = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        Map<String, ConcurrentHistogram> byLabel = new ConcurrentHashMap<>();
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        Histogram total = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong failed = new AtomicLong();
        AtomicLong notSent = new AtomicLong();
        // beyond this many requests in flight the server has given up: count the rest as failures, do not queue
        Semaphore inFlight = new Semaphore(20_000);
        long count = (long) rate * seconds;
        double gap = 1e9 / rate;
        long start = System.nanoTime() + 50_000_000L;
        long nextReport = start + TimeUnit.SECONDS.toNanos(report);
        Histogram reported = null;
        for (long i = 0; i < count; i++) {
            long due = start + (long) (i * gap);
            long now;
            while ((now = System.nanoTime()) < due) {
                long wait = due - now;
                if (wait > 100_000) LockSupport.parkNanos(wait - 50_000);
                else Thread.onSpinWait();
            }
            if (now >= nextReport) {
                reported = interval.getIntervalHistogram(reported);
                total.add(reported);
                if (print) line("  " + (nextReport - start) / 1_000_000_000L + " s", reported, report, failed.get());
                nextReport += TimeUnit.SECONDS.toNanos(report);
            }
            Outgoing out = source.next();
            if (!inFlight.tryAcquire()) {
                notSent.incrementAndGet();
                continue;
            }
            http.sendAsync(out.request(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        long latency = System.nanoTime() - due;
                        inFlight.release();
                        interval.recordValue(Math.min(latency, TimeUnit.SECONDS.toNanos(60)));
                        byLabel.computeIfAbsent(
                                        out.label(), l -> new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3))
                                .recordValue(Math.min(latency, TimeUnit.SECONDS.toNanos(60)));
                        if (error != null || response.statusCode() >= 300) {
                            failed.incrementAndGet();
                            Throwable cause = error != null && error.getCause() != null ? error.getCause() : error;
                            String why = cause != null ? cause.getClass().getSimpleName() : "" + response.statusCode();
                            failures.computeIfAbsent(out.label() + " " + why, k -> new AtomicLong())
                                    .incrementAndGet();
                        }
                    });
        }
        long sentAll = System.nanoTime();
        if (!inFlight.tryAcquire(20_000, TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS))
            System.out.println("  some requests never answered");
        else inFlight.release(20_000);
        total.add(interval.getIntervalHistogram());
        if (!print) return;
        double seconds_ = (sentAll - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "  sent %,d in %.1f s (%.0f/s), failed %,d, not sent (more than 20,000 in flight) %,d%n",
                total.getTotalCount(),
                seconds_,
                total.getTotalCount() / seconds_,
                failed.get(),
                notSent.get());
        failures.forEach((k, v) -> System.out.printf(Locale.ROOT, "    failed %s: %,d%n", k, v.get()));
        System.out.printf(
                Locale.ROOT, "  %-42s %9s %8s %8s %8s %8s %8s%n", "", "count", "p50", "p90", "p99", "p99.9", "max");
        byLabel.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> row(e.getKey(), e.getValue()));
        row("all", total);
    }

    private static void line(String when, Histogram h, int seconds, long failed) {
        System.out.printf(
                Locale.ROOT,
                "%s: %,.0f/s p50 %s p99 %s p99.9 %s max %s ms, failed so far %,d%n",
                when,
                h.getTotalCount() / (double) seconds,
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()),
                failed);
    }

    private static void row(String label, Histogram h) {
        System.out.printf(
                Locale.ROOT,
                "  %-42s %,9d %8s %8s %8s %8s %8s%n",
                label,
                h.getTotalCount(),
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /**
     * The signed-in customers: those kept in the {@code sessions} file by an earlier run if they are still signed in
     * (codes are limited to five an hour per phone), otherwise signed in now and kept there.
     */
    private List<Customer> customers() throws Exception {
        int wanted = integer("customers", 1000);
        Path kept = options.containsKey("sessions") ? Path.of(options.get("sessions")) : null;
        if (kept != null && Files.exists(kept)) {
            List<Customer> customers = new ArrayList<>();
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (String line : Files.readAllLines(kept)) {
                String[] f = line.split("\t");
                if (f.length != 3 || customers.size() >= wanted) continue;
                HttpResponse<Void> me = http.send(
                        HttpRequest.newBuilder(base.resolve("/api/v1/auth/me"))
                                .header("Cookie", f[1])
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (me.statusCode() == 200) customers.add(new Customer(f[0], f[1], Long.parseLong(f[2])));
            }
            http.close();
            System.out.printf(Locale.ROOT, "%d customers still signed in from %s%n", customers.size(), kept);
            if (customers.size() >= wanted) return customers;
        }
        List<Customer> customers = signIn(Path.of(options.getOrDefault("phones", "./data/portal-phones.txt")), wanted);
        if (kept != null) {
            Files.write(
                    kept,
                    customers.stream()
                            .map(c -> c.phone() + "\t" + c.cookies() + "\t" + c.accountId())
                            .toList());
        }
        return customers;
    }

    /**
     * Signs the customers in as the portal does. Codes are limited per client address (20 an hour), so every 15
     * customers come from the next loopback address (127.0.0.2, 127.0.0.3, ...).
     */
    private List<Customer> signIn(Path phonesFile, int wanted) throws Exception {
        List<String> phones = Files.readAllLines(phonesFile).stream()
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .distinct()
                .limit(wanted)
                .toList();
        List<Customer> customers = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong failed = new AtomicLong();
        int perAddress = 15;
        // another run within the hour takes other addresses: 127.<subnet>.x.y
        int subnet = integer("subnet", 0);
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < phones.size(); i += perAddress) {
                List<String> group = phones.subList(i, Math.min(phones.size(), i + perAddress));
                int n = i / perAddress;
                InetAddress from = InetAddress.getByAddress(
                        new byte[] {127, (byte) subnet, (byte) (n / 250), (byte) (2 + n % 250)});
                pool.submit(() -> {
                    HttpClient http = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .localAddress(from)
                            .connectTimeout(Duration.ofSeconds(5))
                            .build();
                    for (String phone : group) {
                        try {
                            customers.add(signIn(http, phone));
                        } catch (Exception e) {
                            if (failed.incrementAndGet() <= 5)
                                System.err.println("sign-in of a customer failed: " + e.getMessage());
                        }
                    }
                    http.close();
                    return null;
                });
            }
        }
        if (failed.get() > 0) System.out.printf(Locale.ROOT, "%d sign-ins failed%n", failed.get());
        return customers;
    }

    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

    /** The current versions of the documents a customer accepts to get a code, as the portal sends them. */
    private String consent(HttpClient http) throws IOException, InterruptedException {
        StringBuilder out = new StringBuilder(",\"consent\":{");
        String separator = "";
        for (String document : List.of("user-agreement", "privacy-policy")) {
            HttpResponse<String> r = send(http, new LinkedHashMap<>(), "GET", "/api/v1/legal/" + document, null, null);
            Matcher v = VERSION.matcher(r.body());
            if (!v.find()) throw new IOException("no version of " + document + ": " + r.statusCode());
            out.append(separator)
                    .append('"')
                    .append(document)
                    .append("\":\"")
                    .append(v.group(1))
                    .append('"');
            separator = ",";
        }
        return out.append('}').toString();
    }

    private Customer signIn(HttpClient http, String phone) throws IOException, InterruptedException {
        Map<String, String> jar = new LinkedHashMap<>();
        HttpResponse<String> csrf = send(http, jar, "GET", "/api/v1/auth/csrf", null, null);
        Matcher token = TOKEN.matcher(csrf.body());
        if (!token.find()) throw new IOException("no CSRF token: " + csrf.statusCode() + " " + csrf.body());
        String xsrf = token.group(1);
        String inboxPath = "/api/v1/dev/inbox?channel=SMS&limit=1&address=" + phone;
        long before = newestId(
                send(http, new LinkedHashMap<>(), "GET", inboxPath, null, null).body());
        HttpResponse<String> sent = send(
                http,
                jar,
                "POST",
                "/api/v1/auth/customer/otp",
                "{\"phone\":\"" + phone + "\"" + consent(http) + "}",
                xsrf);
        if (sent.statusCode() != 202) throw new IOException("code not sent: " + sent.statusCode() + " " + sent.body());
        String code = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (code == null && System.nanoTime() < deadline) {
            HttpResponse<String> inbox = send(http, new LinkedHashMap<>(), "GET", inboxPath, null, null);
            Matcher m = CODE.matcher(inbox.body());
            if (inbox.statusCode() == 200 && newestId(inbox.body()) > before && m.find()) code = m.group(1);
            else Thread.sleep(250);
        }
        if (code == null) throw new IOException("no code in the dev inbox");
        HttpResponse<String> in = send(
                http,
                jar,
                "POST",
                "/api/v1/auth/customer/sign-in",
                "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}",
                xsrf);
        if (in.statusCode() != 200) throw new IOException("sign-in refused: " + in.statusCode() + " " + in.body());
        HttpResponse<String> accounts = send(http, jar, "GET", "/api/v1/portal/accounts", null, null);
        Matcher id = ID.matcher(accounts.body());
        if (accounts.statusCode() != 200 || !id.find())
            throw new IOException("no bound account: " + accounts.statusCode() + " " + accounts.body());
        return new Customer(phone, cookies(jar), Long.parseLong(id.group(1)));
    }

    /** The id of the newest dev inbox entry in the answer, 0 when there is none. */
    private static long newestId(String inbox) {
        Matcher id = ID.matcher(inbox);
        return id.find() ? Long.parseLong(id.group(1)) : 0;
    }

    private HttpResponse<String> send(
            HttpClient http, Map<String, String> jar, String method, String path, String json, String xsrf)
            throws IOException, InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Accept", "application/json");
        if (!jar.isEmpty()) b.header("Cookie", cookies(jar));
        if (xsrf != null) b.header("X-XSRF-TOKEN", xsrf);
        if (json != null)
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        else b.method(method, HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String set : response.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String name = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                if (value.isEmpty()) jar.remove(name);
                else jar.put(name, value);
            }
        }
        return response;
    }

    private static String cookies(Map<String, String> jar) {
        StringBuilder s = new StringBuilder();
        jar.forEach((k, v) ->
                s.append(s.isEmpty() ? "" : "; ").append(k).append('=').append(v));
        return s.toString();
    }
}
