package io.gridhall.payment.internal;

import io.gridhall.customer.Customers;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.shared.Money;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A bank's phone banking (电话银行) playing customers who call to pay their electricity, for the demo only (profile
 * {@code demo}; ADR 0020). It is agent {@code SIM95588}, made at start with a key it keeps in memory (a restart makes a
 * new agent code's key: the old agent is disabled). Each call goes over HTTP to our own agents' interface, signed like
 * a real agent's: the caller keys in a 户号 and hears the arrears (query), pays them by card (pay), and the IVR behaves
 * like the real thing: it waits, sometimes loses the answer and sends the same payment again or asks after its serial,
 * now and then the caller hangs up and the payment is reversed (冲正), and once in a while a payment it records never
 * reaches us (so the reconciliation has something to find). After the cut-off it sends the day before's file.
 */
@Component
@Profile("demo")
class SimulatedPhoneBanking {

    private static final Logger log = LoggerFactory.getLogger(SimulatedPhoneBanking.class);
    static final String CODE = "SIM95588";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /** A collection as the bank's own journal has it. */
    record Collection(String serial, String accountNumber, long fen, LocalDateTime at, boolean reversed) {}

    private final CollectingThroughAgents agents;
    private final Customers customers;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Environment environment;
    private final Random random = new Random();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong serials = new AtomicLong();
    private final Map<LocalDate, List<Collection>> journal = new ConcurrentHashMap<>();
    private final Set<LocalDate> sent = ConcurrentHashMap.newKeySet();
    private final boolean enabled;
    private volatile byte[] key;

    SimulatedPhoneBanking(
            CollectingThroughAgents agents,
            Customers customers,
            JdbcClient jdbc,
            Clock clock,
            Environment environment,
            @Value("${gridhall.demo.phone-banking.enabled:true}") boolean enabled) {
        this.agents = agents;
        this.customers = customers;
        this.jdbc = jdbc;
        this.clock = clock;
        this.environment = environment;
        this.enabled = enabled;
    }

    @EventListener(ApplicationReadyEvent.class)
    void open() {
        if (!enabled) return;
        Actor demo = new Actor(new UserId(0), Actor.Kind.STAFF, "演示数据", Set.of(Role.BRANCH_MANAGER), Set.of());
        // the key is the bank's, held only here: a restart makes the agent again under a code of the day
        String code = CODE;
        boolean exists =
                agents.agents(demo).stream().anyMatch(a -> a.agentCode().equals(CODE));
        if (exists) {
            agents.enable(demo, CODE, false);
            code = "SIM" + (clock.millis() / 1000 % 100_000_000L);
        }
        this.agentCode = code;
        key = Base64.getDecoder().decode(agents.create(demo, code, "模拟电话银行（演示）").key());
        serials.set(clock.millis() % 1_000_000_000L * 100);
        log.info("Demo phone banking: agent {} calls the agents' interface (key held in memory)", code);
    }

    private volatile String agentCode = CODE;

    /** A customer calls every half minute or so. */
    @Scheduled(initialDelay = 60_000, fixedDelayString = "${gridhall.demo.phone-banking.every:30s}")
    void call() {
        if (key == null) return;
        try {
            sendYesterdaysFile();
            Optional<String> number = someoneWhoOwes();
            if (number.isEmpty()) return;
            JsonNode q = request("query", "{\"accountNumber\":\"%s\"}".formatted(number.get()));
            if (q == null || !"0000".equals(q.get("code").asString())) return;
            long owed = q.get("arrears").asLong();
            if (owed <= 0) return;
            // most pay what they owe, some round up to leave credit
            long fen = random.nextInt(5) == 0 ? (owed / 10_000 + 1) * 10_000 : owed;
            String serial = "IVR" + serials.incrementAndGet();
            LocalDate day = agents.accountingDay();
            String pay = "{\"accountNumber\":\"%s\",\"serial\":\"%s\",\"amount\":%d,\"agentDate\":\"%s\"}"
                    .formatted(number.get(), serial, fen, DAY.format(day));
            Collection c = new Collection(serial, number.get(), fen, LocalDateTime.now(clock), false);
            int roll = random.nextInt(100);
            if (roll < 2) { // the bank took the card payment, but its request never reached us
                journal.computeIfAbsent(day, d -> new ArrayList<>()).add(c);
                return;
            }
            Thread.sleep(200 + random.nextInt(800)); // the caller confirms with the card's PIN
            JsonNode paid = request("pay", pay);
            if (roll < 12) { // the answer was lost: send the same payment again, or ask after the serial
                paid = roll < 7 ? request("pay", pay) : request("payment", "{\"serial\":\"%s\"}".formatted(serial));
            }
            if (paid == null || !"0000".equals(paid.get("code").asString())) return;
            journal.computeIfAbsent(day, d -> new ArrayList<>()).add(c);
            if (roll >= 95) { // the caller disputes it at once: the bank reverses it the same day
                JsonNode r =
                        request("reverse", "{\"serial\":\"%s\",\"reversalSerial\":\"R%s\"}".formatted(serial, serial));
                if (r != null && "0000".equals(r.get("code").asString()))
                    journal.get(day)
                            .replaceAll(x -> x.serial().equals(serial)
                                    ? new Collection(x.serial(), x.accountNumber(), x.fen(), x.at(), true)
                                    : x);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | IOException e) {
            log.warn("Demo phone banking: a call failed: {}", e.getMessage());
        }
    }

    private void sendYesterdaysFile() throws IOException, InterruptedException {
        LocalDate today = agents.accountingDay();
        for (LocalDate day : List.copyOf(journal.keySet())) {
            if (!day.isBefore(today) || sent.contains(day)) continue;
            List<AgentReconciliationFile.Detail> details = new ArrayList<>();
            for (Collection c : journal.get(day))
                details.add(new AgentReconciliationFile.Detail(
                        details.size() + 1,
                        c.serial(),
                        c.accountNumber(),
                        Money.fen(c.fen()),
                        c.at(),
                        c.reversed() ? AgentReconciliationFile.Status.REVERSED : AgentReconciliationFile.Status.PAID,
                        "电话银行"));
            byte[] file = AgentReconciliationFile.write(new AgentReconciliationFile.Header(agentCode, day), details);
            JsonNode r = send("reconciliation", file);
            if (r != null && "0000".equals(r.get("code").asString())) sent.add(day);
        }
    }

    private Optional<String> someoneWhoOwes() {
        return jdbc.sql("""
                        select supply_account_id from payment.ledger_account where receivable > 0
                        order by random() limit 1""")
                .query(Long.class)
                .optional()
                .flatMap(customers::account)
                .map(a -> a.accountNumber());
    }

    private JsonNode request(String op, String json) throws IOException, InterruptedException {
        return send(op, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a signed request; answers its body when the answer's signature is ours, else null. */
    private JsonNode send(String op, byte[] body) throws IOException, InterruptedException {
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        byte[] n = new byte[12];
        random.nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/public/payment/agents/" + op))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Agent-Code", agentCode)
                .header("Agent-Timestamp", timestamp)
                .header("Agent-Nonce", nonce)
                .header("Agent-Signature", AgentSignatures.sign(key, agentCode, timestamp, nonce, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        var h = r.headers();
        boolean genuine = AgentSignatures.verify(
                key,
                agentCode,
                h.firstValue("Agent-Timestamp").orElse(""),
                h.firstValue("Agent-Nonce").orElse(""),
                r.body(),
                h.firstValue("Agent-Signature").orElse(null));
        if (!genuine) {
            log.warn("Demo phone banking: an answer to {} without our signature (HTTP {})", op, r.statusCode());
            return null;
        }
        return CollectingThroughAgents.JSON.readTree(r.body());
    }
}
