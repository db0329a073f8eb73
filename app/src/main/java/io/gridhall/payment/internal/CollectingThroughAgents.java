package io.gridhall.payment.internal;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.Permission;
import io.gridhall.identity.PersonalDataVault;
import io.gridhall.payment.Balance;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.OpenItem;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.Posted;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.Money;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Collection agents (代收, 银电联网实时代收; ADR 0020): a bank's phone or online banking, a post office or another agent
 * queries what an account owes, pays it, reverses a payment of the same accounting day (冲正) and asks after a payment
 * whose answer it did not get; every day it sends its reconciliation file (对账文件), matched three ways against our
 * payments and the ledger's AGENT book.
 *
 * <p>Every request is verified on its raw bytes before anything is parsed: the agent's HMAC-SHA256 over its code, the
 * signed time (within the window), a nonce never seen before, the body. Every answer after that is signed with the
 * same key. A payment is posted once per agent and serial (ledger key {@code agent:<code>:<serial>}): the same serial
 * with the same request answers the first result, with another request is refused. A reversal that comes before its
 * payment blocks the serial, so the late payment is refused and no money is taken.
 */
@Service
public class CollectingThroughAgents {

    private static final Logger log = LoggerFactory.getLogger(CollectingThroughAgents.class);
    static final String KEY_FIELD = "payment.agent.key";
    private static final Pattern NONCE = Pattern.compile("[0-9A-Za-z_-]{8,64}");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The operations of the agents' interface. */
    public enum Operation {
        QUERY,
        PAY,
        REVERSE,
        PAYMENT,
        RECONCILIATION
    }

    /**
     * The interface's answer codes (its own, documented in {@code docs/formats/agent-interface.md}); messages in
     * Chinese as the agents' systems show them.
     */
    public enum Code {
        OK("0000", "成功"),
        BAD_SIGNATURE("1001", "签名错误"),
        STALE("1002", "请求时间超出允许范围"),
        REPLAYED("1003", "重复的请求（随机数已使用）"),
        UNKNOWN_AGENT("1004", "代收机构不存在或已停用"),
        MALFORMED("1005", "请求格式错误"),
        NO_ACCOUNT("2001", "户号不存在"),
        SERIAL_REUSED("3001", "流水号已用于其他交易"),
        NO_PAYMENT("3002", "原交易不存在"),
        REVERSED_ALREADY("3003", "原交易已冲正"),
        NOT_SAME_DAY("3004", "非当日交易，不能冲正"),
        BLOCKED("3005", "该流水号已被冲正，交易不能受理"),
        CANNOT_REVERSE("3006", "原交易的预存已被使用，不能冲正"),
        FILE_MALFORMED("4001", "对账文件格式错误"),
        DAY_OPEN("4002", "该会计日期尚未日切"),
        BUSY("9999", "系统繁忙，请稍后重试或查询");

        public final String code;
        public final String message;

        Code(String code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    /** An answer as it goes out: the HTTP status, the body, and the signature headers (none when unverified). */
    public record Answer(int status, byte[] body, Map<String, String> headers) {}

    public record AgentView(String agentCode, String name, String keyFingerprint, boolean enabled, Instant createdAt) {}

    /** An agent just made, with its key: the only time the key is shown. */
    public record NewAgent(AgentView agent, String key) {}

    public record DayView(LocalDate day, int paid, Money paidSum, int reversed, Money reversedSum) {}

    public record PaymentView(
            String serial,
            String state,
            String accountNumber,
            Money amount,
            LocalDate accountingDate,
            LocalDate agentDate,
            Instant paidAt,
            Long postingId,
            String reversalSerial,
            Instant reversedAt) {}

    /**
     * An agent's file of a day as matched: when it came, whether its sum, ours and the ledger's agree, and its figures
     * (of every branch: null for staff who see only some).
     */
    public record ReconciliationView(
            String agentCode, LocalDate day, Instant receivedAt, boolean sumsAgree, Figures figures) {

        public record Figures(int lines, Money agentSum, int ourCount, Money ourSum, Money ledgerSum, int matched) {}

        ReconciliationView withoutFigures() {
            return new ReconciliationView(agentCode, day, receivedAt, sumsAgree, null);
        }
    }

    public enum Resolution {
        /** MISSING_AT_US: the agent's payment is credited under its serial's key, as its own request would. */
        CREDITED,
        /** MISSING_AT_GATEWAY (at the agent): our payment is reversed on the ledger. */
        REVERSED,
        /** Looked at and accepted with a note (the agent gives the money back, or settles it otherwise). */
        ACCEPTED
    }

    public record DiscrepancyView(
            long discrepancyId,
            String agentCode,
            LocalDate day,
            BillMatching.Kind kind,
            String serial,
            String accountNumber,
            Money agentAmount,
            Money ourAmount,
            Money ledgerAmount,
            Instant foundAt,
            boolean open,
            Resolution resolution,
            String note,
            String resolvedByName,
            Instant resolvedAt,
            Long postingId)
            implements ResolvingDiscrepancies.Discrepancy<Resolution> {}

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Ledger ledger;
    private final LedgerRows ledgerRows;
    private final Customers customers;
    private final PersonalDataVault vault;
    private final Audit audit;
    private final Clock clock;
    private final AgentSettings settings;
    private final ResolvingDiscrepancies resolving;
    private final Discrepancies source = new Discrepancies();

    CollectingThroughAgents(
            JdbcClient jdbc,
            TransactionTemplate tx,
            Ledger ledger,
            LedgerRows ledgerRows,
            Customers customers,
            PersonalDataVault vault,
            Audit audit,
            Clock clock,
            AgentSettings settings,
            ResolvingDiscrepancies resolving) {
        this.jdbc = jdbc;
        this.resolving = resolving;
        this.tx = tx;
        this.ledger = ledger;
        this.ledgerRows = ledgerRows;
        this.customers = customers;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    /** The accounting day a payment arriving now belongs to. */
    public LocalDate accountingDay() {
        return settings.accountingDay(clock.instant());
    }

    // ---- the agents' interface ----

    /**
     * Handles one request of an agent: verifies it on the raw bytes, then answers it signed. Headers by lower-case
     * name: {@code agent-code}, {@code agent-timestamp} (epoch seconds), {@code agent-nonce}, {@code agent-signature}.
     */
    public Answer handle(Operation op, Map<String, String> headers, byte[] body) {
        String code = headers.get("agent-code");
        String timestamp = headers.get("agent-timestamp");
        String nonce = headers.get("agent-nonce");
        String signature = headers.get("agent-signature");
        if (code == null
                || !AgentReconciliationFile.AGENT.matcher(code).matches()
                || timestamp == null
                || !TIMESTAMP.matcher(timestamp).matches()
                || nonce == null
                || !NONCE.matcher(nonce).matches()) return unsigned(401, Code.MALFORMED);
        Optional<byte[]> key = enabledKey(code);
        if (key.isEmpty()) return unsigned(401, Code.UNKNOWN_AGENT);
        if (!AgentSignatures.verify(key.get(), code, timestamp, nonce, body, signature)) {
            log.warn("Refused a request of agent {}: a wrong signature", code);
            return unsigned(401, Code.BAD_SIGNATURE);
        }
        Instant now = clock.instant();
        long signedAt = Long.parseLong(timestamp);
        if (Math.abs(signedAt - now.getEpochSecond()) > settings.timeWindow().toSeconds())
            return signed(key.get(), code, 401, error(Code.STALE));
        // in a transaction of its own: a request that fails later is still not taken again
        Boolean first = tx.execute(s -> jdbc.sql("""
                        insert into payment.agent_nonce (agent_code, nonce, seen_at) values (:a, :n, :now)
                        on conflict do nothing""")
                        .param("a", code)
                        .param("n", nonce)
                        .param("now", utc(now))
                        .update()
                == 1);
        if (!Boolean.TRUE.equals(first)) return signed(key.get(), code, 401, error(Code.REPLAYED));
        ObjectNode answer;
        try {
            answer = switch (op) {
                case QUERY -> query(json(body));
                case PAY -> pay(code, json(body));
                case REVERSE -> reverse(code, json(body));
                case PAYMENT -> payment(code, json(body));
                case RECONCILIATION -> reconcile(code, body);
            };
        } catch (Refused r) {
            answer = error(r.code);
            if (r.detail != null) answer.put("detail", r.detail);
        } catch (RuntimeException e) {
            log.error("A request of agent {} failed; it will ask again", code, e);
            answer = error(Code.BUSY);
        }
        return signed(key.get(), code, 200, answer);
    }

    /** Removes nonces older than twice the time window (a request that old is refused as stale anyway). */
    public int forgetNonces() {
        return jdbc.sql("delete from payment.agent_nonce where seen_at < :before")
                .param("before", utc(clock.instant().minus(settings.timeWindow().multipliedBy(2))))
                .update();
    }

    /** A business refusal, answered with its code. */
    static final class Refused extends RuntimeException {
        final Code code;
        final String detail;

        Refused(Code code) {
            this(code, null);
        }

        Refused(Code code, String detail) {
            super(code.code, null, false, false);
            this.code = code;
            this.detail = detail;
        }
    }

    private ObjectNode query(JsonNode in) {
        String number = text(in, "accountNumber", AgentReconciliationFile.ACCOUNT);
        SupplyAccountView account = customers.accountByNumber(number).orElseThrow(() -> new Refused(Code.NO_ACCOUNT));
        Balance b = ledger.balance(account.id());
        List<OpenItem> open = ledgerRows.openItems(account.id());
        long penalty = open.stream()
                .filter(i -> "PENALTY".equals(i.kind()))
                .mapToLong(i -> i.open().fen())
                .sum();
        ObjectNode out = ok();
        out.put("accountNumber", account.accountNumber());
        out.put("name", PersonalData.maskName(account.accountName()));
        out.put("arrears", b.receivable().fen());
        out.put("penalty", penalty);
        out.put("prepaid", b.prepaid().fen());
        out.put("items", open.size());
        if (!open.isEmpty()) out.put("dueDate", DAY.format(open.getFirst().dueOn()));
        out.put("accountingDate", DAY.format(accountingDay()));
        return out;
    }

    private ObjectNode pay(String agent, JsonNode in) {
        String number = text(in, "accountNumber", AgentReconciliationFile.ACCOUNT);
        String serial = text(in, "serial", AgentReconciliationFile.SERIAL);
        JsonNode a = in.get("amount");
        if (a == null
                || !a.isIntegralNumber()
                || !a.canConvertToLong()
                || a.asLong() <= 0
                || a.asLong() > 99_999_999_99L) throw new Refused(Code.MALFORMED, "amount");
        long amount = a.asLong();
        LocalDate agentDate = date(in, "agentDate");
        String hash = sha256(number + "|" + serial + "|" + amount + "|" + DAY.format(agentDate));
        return tx.execute(s -> {
            lock(agent, serial);
            Optional<Row> earlier = row(agent, serial);
            if (earlier.isPresent()) {
                Row r = earlier.get();
                if (r.state().equals("BLOCKED")) throw new Refused(Code.BLOCKED);
                if (!hash.equals(r.requestSha256())) throw new Refused(Code.SERIAL_REUSED);
                return paid(r);
            }
            SupplyAccountView account =
                    customers.accountByNumber(number).orElseThrow(() -> new Refused(Code.NO_ACCOUNT));
            Instant now = clock.instant();
            LocalDate day = settings.accountingDay(now);
            Posted posted = ledger.pay(new Pay(
                    key(agent, serial),
                    PostingKind.PAYMENT,
                    PaymentChannel.AGENT,
                    List.of(new Pay.Share(account.id(), Money.fen(amount))),
                    agent + ":" + serial,
                    null));
            jdbc.sql("""
                            insert into payment.agent_payment (agent_code, serial, state, request_sha256,
                                supply_account_id, branch_id, account_number, amount, agent_date, accounting_date,
                                paid_at, posting_id)
                            values (:a, :s, 'PAID', :h, :account, :branch, :number, :amount, :agentDate, :day, :now,
                                :posting)""")
                    .param("a", agent)
                    .param("s", serial)
                    .param("h", hash)
                    .param("account", account.id())
                    .param("branch", account.branchId().value())
                    .param("number", number)
                    .param("amount", amount)
                    .param("agentDate", agentDate)
                    .param("day", day)
                    .param("now", utc(now))
                    .param("posting", posted.postingId())
                    .update();
            replace(agent, serial);
            return paid(row(agent, serial).orElseThrow());
        });
    }

    private ObjectNode paid(Row r) {
        ObjectNode out = ok();
        out.put("serial", r.serial());
        out.put("accountNumber", r.accountNumber());
        out.put("amount", r.amount());
        out.put("accountingDate", DAY.format(r.accountingDate()));
        out.put("receiptNumber", "E" + DAY.format(r.accountingDate()) + "-" + r.postingId());
        out.put("arrears", ledger.balance(r.supplyAccountId()).receivable().fen());
        return out;
    }

    private ObjectNode reverse(String agent, JsonNode in) {
        String serial = text(in, "serial", AgentReconciliationFile.SERIAL);
        String reversal = text(in, "reversalSerial", AgentReconciliationFile.SERIAL);
        return tx.execute(s -> {
            lock(agent, serial);
            Instant now = clock.instant();
            LocalDate today = settings.accountingDay(now);
            Optional<Row> found = row(agent, serial);
            if (found.isEmpty()) {
                // the reversal overtook its payment (or the payment never reached us): the serial is blocked, so the
                // payment arriving later is refused and the agent keeps the customer's money to give back
                jdbc.sql("""
                                insert into payment.agent_payment (agent_code, serial, state, accounting_date,
                                    reversal_serial, reversed_at)
                                values (:a, :s, 'BLOCKED', :day, :r, :now)""")
                        .param("a", agent)
                        .param("s", serial)
                        .param("day", today)
                        .param("r", reversal)
                        .param("now", utc(now))
                        .update();
                return error(Code.NO_PAYMENT); // answered, not thrown: the blocked serial is kept
            }
            Row r = found.get();
            switch (r.state()) {
                case "BLOCKED" -> throw new Refused(Code.NO_PAYMENT);
                case "REVERSED" -> {
                    if (!reversal.equals(r.reversalSerial())) throw new Refused(Code.REVERSED_ALREADY);
                    return reversed(r);
                }
                default -> {}
            }
            if (!r.accountingDate().equals(today)) throw new Refused(Code.NOT_SAME_DAY);
            Posted posted;
            try {
                posted = ledger.reverse(
                        key(agent, serial) + ":reversal", r.postingId(), "代收冲正 " + agent + ":" + reversal, null);
            } catch (Problem p) {
                throw new Refused(Code.CANNOT_REVERSE);
            }
            markReversed(agent, serial, reversal, now, posted.postingId());
            return reversed(row(agent, serial).orElseThrow());
        });
    }

    private void markReversed(String agent, String serial, String reversal, Instant now, long posting) {
        jdbc.sql("""
                        update payment.agent_payment set state = 'REVERSED', reversal_serial = :r, reversed_at = :now,
                            reversal_posting_id = :p
                        where agent_code = :a and serial = :s and state = 'PAID'""")
                .param("r", reversal)
                .param("now", utc(now))
                .param("p", posting)
                .param("a", agent)
                .param("s", serial)
                .update();
    }

    private ObjectNode reversed(Row r) {
        ObjectNode out = ok();
        out.put("serial", r.serial());
        out.put("reversalSerial", r.reversalSerial());
        out.put("amount", r.amount());
        out.put("accountingDate", DAY.format(r.accountingDate()));
        return out;
    }

    private ObjectNode payment(String agent, JsonNode in) {
        String serial = text(in, "serial", AgentReconciliationFile.SERIAL);
        Row r = row(agent, serial)
                .filter(x -> !x.state().equals("BLOCKED"))
                .orElseThrow(() -> new Refused(Code.NO_PAYMENT));
        ObjectNode out = ok();
        out.put("serial", r.serial());
        out.put("state", r.state());
        out.put("accountNumber", r.accountNumber());
        out.put("amount", r.amount());
        out.put("accountingDate", DAY.format(r.accountingDate()));
        out.put("receiptNumber", "E" + DAY.format(r.accountingDate()) + "-" + r.postingId());
        if (r.reversalSerial() != null) out.put("reversalSerial", r.reversalSerial());
        return out;
    }

    // ---- reconciliation ----

    private ObjectNode reconcile(String agent, byte[] file) {
        AgentReconciliationFile.Parsed parsed;
        try {
            parsed = AgentReconciliationFile.read(file);
        } catch (AgentReconciliationFile.Malformed m) {
            throw new Refused(Code.FILE_MALFORMED, m.getMessage());
        }
        if (!parsed.header().agentCode().equals(agent))
            throw new Refused(Code.FILE_MALFORMED, "line 1, agentCode: not the sender's");
        if (!parsed.header().day().isBefore(accountingDay())) throw new Refused(Code.DAY_OPEN);
        ReconciliationView run = tx.execute(s -> store(agent, parsed, file));
        ObjectNode out = ok();
        out.put("accountingDate", DAY.format(run.day()));
        out.put("lines", run.figures().lines());
        out.put("matched", run.figures().matched());
        return out;
    }

    /** Stores the file (the last one of a day counts) and matches it; a discrepancy found before is not added again. */
    ReconciliationView store(String agent, AgentReconciliationFile.Parsed parsed, byte[] file) {
        LocalDate day = parsed.header().day();
        jdbc.sql("select pg_advisory_xact_lock(hashtext('agent-reconciliation:' || :a || ':' || :d))")
                .param("a", agent)
                .param("d", day.toString())
                .query((rs, n) -> 1)
                .list();
        List<GatewayBills.BillLine> lines = parsed.details().stream()
                .filter(d -> d.status() == AgentReconciliationFile.Status.PAID)
                .map(d -> new GatewayBills.BillLine(
                        d.serial(),
                        d.accountNumber(),
                        d.amount(),
                        d.paidAt().atZone(ReconcilingGateways.BEIJING).toInstant()))
                .toList();
        Set<String> named = parsed.details().stream()
                .map(AgentReconciliationFile.Detail::serial)
                .collect(Collectors.toSet());
        // ours: what we hold as paid of that day, and any payment the file names (the agent's day may differ at the
        // cut-off); the ledger's side is the net of the payment and its reversal on the AGENT book
        List<BillMatching.Ours> ours = jdbc.sql("""
                        select p.serial, p.account_number, p.amount,
                            (select sum(e.amount) from payment.entry e
                             where e.posting_id in (p.posting_id, p.reversal_posting_id) and e.book = 'AGENT')
                        from payment.agent_payment p
                        where p.agent_code = :a and p.state = 'PAID'
                            and (p.accounting_date = :day or p.serial = any(:named))""")
                .param("a", agent)
                .param("day", day)
                .param("named", named.toArray(String[]::new))
                .query((rs, n) -> new BillMatching.Ours(
                        rs.getString(1),
                        rs.getString(2),
                        Money.fen(rs.getLong(3)),
                        rs.getObject(4) == null ? null : Money.fen(rs.getLong(4))))
                .list();
        BillMatching.Result result = BillMatching.match(lines, ours);
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into payment.agent_reconciliation (agent_code, day, received_at, file, file_sha256, lines,
                            agent_sum, our_count, our_sum, ledger_sum, matched)
                        values (:a, :day, :now, :file, :sha, :lines, :agentSum, :ourCount, :ourSum, :ledgerSum, :matched)
                        on conflict (agent_code, day) do update set received_at = excluded.received_at,
                            file = excluded.file, file_sha256 = excluded.file_sha256, lines = excluded.lines,
                            agent_sum = excluded.agent_sum, our_count = excluded.our_count,
                            our_sum = excluded.our_sum, ledger_sum = excluded.ledger_sum, matched = excluded.matched""")
                .param("a", agent)
                .param("day", day)
                .param("now", utc(now))
                .param("file", file)
                .param("sha", sha256(file))
                .param("lines", parsed.details().size())
                .param("agentSum", result.gatewaySum().fen())
                .param("ourCount", ours.size())
                .param("ourSum", result.ourSum().fen())
                .param("ledgerSum", result.ledgerSum().fen())
                .param("matched", result.matched())
                .update();
        for (BillMatching.Finding f : result.discrepancies())
            jdbc.sql("""
                            insert into payment.agent_discrepancy (agent_code, day, kind, serial, account_number,
                                agent_amount, our_amount, ledger_amount, found_at, state)
                            values (:a, :day, :kind, :serial, :number, :agentAmount, :ourAmount, :ledgerAmount, :now,
                                'OPEN')
                            on conflict (agent_code, day, kind, serial) do nothing""")
                    .param("a", agent)
                    .param("day", day)
                    .param("kind", f.kind().name())
                    .param("serial", f.transactionId())
                    .param("number", f.orderNumber())
                    .param("agentAmount", fen(f.gatewayAmount()))
                    .param("ourAmount", fen(f.ourAmount()))
                    .param("ledgerAmount", fen(f.ledgerAmount()))
                    .param("now", utc(now))
                    .update();
        resolving.place(source);
        return reconciliation(agent, day).orElseThrow();
    }

    // ---- staff ----

    public List<AgentView> agents(Actor actor) {
        actor.require(Permission.PAYMENT_APPROVE);
        return jdbc.sql("""
                        select agent_code, name, key_fingerprint, enabled, created_at from payment.collection_agent
                        order by agent_code""").query(CollectingThroughAgents::agentView).list();
    }

    /** Makes an agent with a new random key (32 bytes), answered once, Base64; audited without the key. */
    public NewAgent create(Actor actor, String code, String name) {
        actor.require(Permission.PAYMENT_APPROVE);
        if (code == null || !AgentReconciliationFile.AGENT.matcher(code).matches())
            throw Problem.badRequest("agent-code");
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 60) throw Problem.badRequest("agent-name");
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return tx.execute(s -> {
            int made = jdbc.sql("""
                            insert into payment.collection_agent (agent_code, name, signing_key, key_fingerprint,
                                enabled, created_at)
                            values (:c, :n, :k, :f, true, :now) on conflict do nothing""")
                    .param("c", code)
                    .param("n", n)
                    .param("k", vault.encrypt(Base64.getEncoder().encodeToString(key), KEY_FIELD))
                    .param("f", AgentSignatures.fingerprint(key))
                    .param("now", utc(clock.instant()))
                    .update();
            if (made == 0) throw Problem.conflict("agent-exists", code);
            audit.record(
                    actor,
                    "payment.agent.create",
                    "collection-agent",
                    code,
                    Map.of("name", n, "keyFingerprint", AgentSignatures.fingerprint(key)));
            return new NewAgent(agent(code).orElseThrow(), Base64.getEncoder().encodeToString(key));
        });
    }

    public AgentView enable(Actor actor, String code, boolean enabled) {
        actor.require(Permission.PAYMENT_APPROVE);
        return tx.execute(s -> {
            int n = jdbc.sql("update payment.collection_agent set enabled = :e where agent_code = :c")
                    .param("e", enabled)
                    .param("c", code)
                    .update();
            if (n == 0) throw Problem.notFound("collection-agent");
            audit.record(
                    actor,
                    enabled ? "payment.agent.enable" : "payment.agent.disable",
                    "collection-agent",
                    code,
                    Map.of());
            return agent(code).orElseThrow();
        });
    }

    /**
     * The SQL condition that the actor sees an agent's payment (alias {@code p}, parameter {@code :scope}): staff of all
     * branches every one, others those of accounts of their branches, and blocked serials (no account: every
     * approver's), as {@link ResolvingDiscrepancies} decides for a discrepancy.
     */
    private static final String SEES_PAYMENT = """
            (cast(:scope as bigint[]) is null or p.branch_id is null or p.branch_id = any(cast(:scope as bigint[])))""";

    /**
     * An agent's collections per accounting day, newest first, of the days in {@code [from, to]}: of the payments the
     * actor sees ({@link #payments}), so a day's counts and sums are those of its list.
     */
    public List<DayView> days(Actor actor, String code, LocalDate from, LocalDate to) {
        actor.require(Permission.PAYMENT_APPROVE);
        if (agent(code).isEmpty()) throw Problem.notFound("collection-agent");
        return jdbc.sql("""
                        select accounting_date,
                            count(*) filter (where state = 'PAID'), coalesce(sum(amount) filter (where state = 'PAID'), 0),
                            count(*) filter (where state = 'REVERSED'),
                            coalesce(sum(amount) filter (where state = 'REVERSED'), 0)
                        from payment.agent_payment p
                        where agent_code = :c and accounting_date between :from and :to and state <> 'BLOCKED'
                            and """ + SEES_PAYMENT + " group by accounting_date order by accounting_date desc")
                .param("scope", ResolvingDiscrepancies.scope(actor))
                .param("c", code)
                .param("from", from)
                .param("to", to)
                .query((rs, n) -> new DayView(
                        rs.getObject(1, LocalDate.class),
                        rs.getInt(2),
                        Money.fen(rs.getLong(3)),
                        rs.getInt(4),
                        Money.fen(rs.getLong(5))))
                .list();
    }

    /**
     * An agent's payments of an accounting day (blocked serials too: a reversal without its payment) that the actor
     * sees: staff of all branches every one, others those of accounts of their branches and blocked serials.
     */
    public List<PaymentView> payments(Actor actor, String code, LocalDate day) {
        actor.require(Permission.PAYMENT_APPROVE);
        return jdbc
                .sql(ROWS + " p where agent_code = :c and accounting_date = :d and " + SEES_PAYMENT
                        + " order by coalesce(paid_at, reversed_at), serial")
                .param("scope", ResolvingDiscrepancies.scope(actor))
                .param("c", code)
                .param("d", day)
                .query(CollectingThroughAgents::row)
                .list()
                .stream()
                .map(r -> new PaymentView(
                        r.serial(),
                        r.state(),
                        r.accountNumber() == null ? null : PersonalData.maskAccountNumber(r.accountNumber()),
                        r.amount() == null ? null : Money.fen(r.amount()),
                        r.accountingDate(),
                        r.agentDate(),
                        r.paidAt(),
                        r.postingId(),
                        r.reversalSerial(),
                        r.reversedAt()))
                .toList();
    }

    /**
     * The reconciliation of an agent's day: its file's lines and sums are of every branch, so only staff of all
     * branches are answered them; others learn when the file came and whether it agreed.
     */
    public Optional<ReconciliationView> reconciliation(Actor actor, String code, LocalDate day) {
        actor.require(Permission.PAYMENT_APPROVE);
        return reconciliation(code, day).map(r -> actor.branchScope() == null ? r : r.withoutFigures());
    }

    Optional<ReconciliationView> reconciliation(String code, LocalDate day) {
        return jdbc.sql("""
                        select agent_code, day, received_at, lines, agent_sum, our_count, our_sum, ledger_sum, matched
                        from payment.agent_reconciliation where agent_code = :c and day = :d""")
                .param("c", code)
                .param("d", day)
                .query((rs, n) -> {
                    ReconciliationView.Figures f = new ReconciliationView.Figures(
                            rs.getInt(4),
                            Money.fen(rs.getLong(5)),
                            rs.getInt(6),
                            Money.fen(rs.getLong(7)),
                            Money.fen(rs.getLong(8)),
                            rs.getInt(9));
                    return new ReconciliationView(
                            rs.getString(1),
                            rs.getObject(2, LocalDate.class),
                            rs.getObject(3, OffsetDateTime.class).toInstant(),
                            f.agentSum().equals(f.ourSum()) && f.ourSum().equals(f.ledgerSum()),
                            f);
                })
                .optional();
    }

    /** The most discrepancies a list answers; it says when there were more. */
    static final int LIST_LIMIT = 500;

    /**
     * Discrepancies of an agent's day, or (day null) every open one of every agent, that the actor sees
     * ({@link ResolvingDiscrepancies#sees}), at most {@link #LIST_LIMIT}.
     */
    public Listed<DiscrepancyView> discrepancies(Actor actor, String code, LocalDate day) {
        actor.require(Permission.PAYMENT_APPROVE);
        return Listed.of(
                jdbc.sql(DISCREPANCIES
                                + (day == null ? " where d.state = 'OPEN'" : " where d.agent_code = :c and d.day = :d")
                                + " and " + ResolvingDiscrepancies.sees("d")
                                + " order by d.day, d.discrepancy_id limit :limit")
                        .param("c", code == null ? "" : code)
                        .param("d", day == null ? LocalDate.EPOCH : day)
                        .param("scope", ResolvingDiscrepancies.scope(actor))
                        .param("limit", LIST_LIMIT + 1)
                        .query(CollectingThroughAgents::discrepancyView)
                        .list(),
                LIST_LIMIT);
    }

    /** Places the discrepancies found before branches were kept (ADR 0020), when the application starts. */
    @EventListener(ApplicationReadyEvent.class)
    void placeDiscrepancies() {
        int placed = resolving.place(source);
        if (placed > 0) log.info("Placed {} agent discrepancies in their branches", placed);
    }

    /**
     * Places again the discrepancies of a serial the agent has just paid: the account it paid is one they concern (the
     * serial's discrepancies are few and found before its payment came).
     */
    private void replace(String agent, String serial) {
        int n = jdbc.sql("""
                        update payment.agent_discrepancy set branch_ids = null
                        where agent_code = :a and serial = :s""").param("a", agent).param("s", serial).update();
        if (n > 0) resolving.place(source);
    }

    /**
     * A person resolves a discrepancy with a note ({@link ResolvingDiscrepancies}: PAYMENT_APPROVE and the branches of
     * its accounts; audited): MISSING_AT_US is CREDITED (as the agent's own payment, under its serial's key) or
     * ACCEPTED; MISSING_AT_GATEWAY (the agent has no such collection) is REVERSED on the ledger or ACCEPTED; any other
     * is ACCEPTED.
     */
    public DiscrepancyView resolve(Actor actor, long id, Resolution action, String note) {
        return resolving.resolve(actor, id, action, note, source);
    }

    /** The agents' discrepancies as {@link ResolvingDiscrepancies} resolves them. */
    private final class Discrepancies implements ResolvingDiscrepancies.Source<DiscrepancyView, Resolution> {

        @Override
        public String table() {
            return "payment.agent_discrepancy";
        }

        @Override
        public Optional<DiscrepancyView> find(long id) {
            return jdbc.sql(DISCREPANCIES + " where d.discrepancy_id = :id")
                    .param("id", id)
                    .query(CollectingThroughAgents::discrepancyView)
                    .optional();
        }

        @Override
        public List<DiscrepancyView> unplaced(int limit) {
            return jdbc.sql(DISCREPANCIES + " where d.branch_ids is null order by d.discrepancy_id limit :limit")
                    .param("limit", limit)
                    .query(CollectingThroughAgents::discrepancyView)
                    .list();
        }

        /**
         * The account the agent's file names (which a credit pays) and the one our payment of its serial paid (which a
         * reversal takes back).
         */
        @Override
        public Map<Long, Set<Long>> accounts(List<DiscrepancyView> ds) {
            Map<String, Optional<Long>> byNumber = new HashMap<>();
            Map<Long, Long> paid = new HashMap<>();
            jdbc.sql("""
                            select d.discrepancy_id, p.supply_account_id
                            from payment.agent_discrepancy d join payment.agent_payment p using (agent_code, serial)
                            where d.discrepancy_id = any(:ids) and p.supply_account_id is not null""")
                    .param(
                            "ids",
                            ds.stream().map(DiscrepancyView::discrepancyId).toArray(Long[]::new))
                    .query((rs, n) -> paid.put(rs.getLong(1), rs.getLong(2)))
                    .list();
            Map<Long, Set<Long>> out = new HashMap<>();
            for (DiscrepancyView d : ds) {
                Set<Long> accounts = new HashSet<>();
                if (d.accountNumber() != null)
                    byNumber.computeIfAbsent(
                                    d.accountNumber(),
                                    n -> customers.accountByNumber(n).map(SupplyAccountView::id))
                            .ifPresent(accounts::add);
                if (paid.containsKey(d.discrepancyId())) accounts.add(paid.get(d.discrepancyId()));
                out.put(d.discrepancyId(), accounts);
            }
            return out;
        }

        @Override
        public boolean fits(DiscrepancyView d, Resolution action) {
            return switch (action) {
                case CREDITED -> d.kind() == BillMatching.Kind.MISSING_AT_US;
                case REVERSED -> d.kind() == BillMatching.Kind.MISSING_AT_GATEWAY;
                case ACCEPTED -> true;
            };
        }

        @Override
        public Long post(DiscrepancyView d, Resolution action, String note, Actor actor) {
            return switch (action) {
                case CREDITED -> credit(d);
                case REVERSED -> reverseByPerson(d, note, actor);
                case ACCEPTED -> null;
            };
        }

        @Override
        public String actionProblem() {
            return "agent-reconciliation-action";
        }

        @Override
        public String auditAction() {
            return "payment.agent.reconciliation.resolve";
        }

        @Override
        public String auditObject() {
            return "agent-discrepancy";
        }

        @Override
        public Map<String, Object> details(DiscrepancyView d) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("agent", d.agentCode());
            details.put("day", d.day().toString());
            details.put("serial", d.serial());
            return details;
        }
    }

    /** The agent's collection we do not have, credited as its pay request would have been (once, ever). */
    private long credit(DiscrepancyView d) {
        if (d.agentAmount() == null || d.agentAmount().fen() <= 0 || d.accountNumber() == null)
            throw Problem.conflict("agent-cannot-credit", "not a payment");
        lock(d.agentCode(), d.serial());
        Optional<Row> r = row(d.agentCode(), d.serial());
        if (r.isPresent()) {
            if (r.get().state().equals("PAID")) return r.get().postingId();
            throw Problem.conflict("agent-cannot-credit", r.get().state());
        }
        SupplyAccountView account = customers
                .accountByNumber(d.accountNumber())
                .orElseThrow(() -> Problem.conflict("agent-cannot-credit", "no such account"));
        Instant now = clock.instant();
        Posted posted = ledger.pay(new Pay(
                key(d.agentCode(), d.serial()),
                PostingKind.PAYMENT,
                PaymentChannel.AGENT,
                List.of(new Pay.Share(account.id(), d.agentAmount())),
                d.agentCode() + ":" + d.serial(),
                null));
        // the request's hash is of the fields the agent would have sent, its day being the file's
        String hash = sha256(
                d.accountNumber() + "|" + d.serial() + "|" + d.agentAmount().fen() + "|" + DAY.format(d.day()));
        jdbc.sql("""
                        insert into payment.agent_payment (agent_code, serial, state, request_sha256,
                            supply_account_id, branch_id, account_number, amount, agent_date, accounting_date, paid_at,
                            posting_id)
                        values (:a, :s, 'PAID', :h, :account, :branch, :number, :amount, :day, :day, :now, :posting)""")
                .param("a", d.agentCode())
                .param("s", d.serial())
                .param("h", hash)
                .param("account", account.id())
                .param("branch", account.branchId().value())
                .param("number", d.accountNumber())
                .param("amount", d.agentAmount().fen())
                .param("day", d.day())
                .param("now", utc(now))
                .param("posting", posted.postingId())
                .update();
        return posted.postingId();
    }

    /** Our payment the agent does not have, reversed by a person (whatever its day). */
    private long reverseByPerson(DiscrepancyView d, String note, Actor actor) {
        lock(d.agentCode(), d.serial());
        Row r = row(d.agentCode(), d.serial())
                .filter(x -> x.state().equals("PAID"))
                .orElseThrow(() -> Problem.conflict("agent-cannot-reverse"));
        Posted posted = ledger.reverse(key(d.agentCode(), d.serial()) + ":reversal", r.postingId(), note, actor);
        markReversed(d.agentCode(), d.serial(), "R" + d.discrepancyId(), clock.instant(), posted.postingId());
        return posted.postingId();
    }

    // ---- rows ----

    record Row(
            String agentCode,
            String serial,
            String state,
            String requestSha256,
            Long supplyAccountId,
            String accountNumber,
            Long amount,
            LocalDate agentDate,
            LocalDate accountingDate,
            Instant paidAt,
            Long postingId,
            String reversalSerial,
            Instant reversedAt) {}

    private static final String ROWS = """
            select agent_code, serial, state, request_sha256, supply_account_id, account_number, amount, agent_date,
                accounting_date, paid_at, posting_id, reversal_serial, reversed_at
            from payment.agent_payment""";

    Optional<Row> row(String agent, String serial) {
        return jdbc.sql(ROWS + " where agent_code = :a and serial = :s")
                .param("a", agent)
                .param("s", serial)
                .query(CollectingThroughAgents::row)
                .optional();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getObject(5, Long.class),
                rs.getString(6),
                rs.getObject(7, Long.class),
                rs.getObject(8, LocalDate.class),
                rs.getObject(9, LocalDate.class),
                instant(rs.getObject(10, OffsetDateTime.class)),
                rs.getObject(11, Long.class),
                rs.getString(12),
                instant(rs.getObject(13, OffsetDateTime.class)));
    }

    /** Serialises the work on one agent's serial (pay, reverse, a person's credit) across nodes. */
    private void lock(String agent, String serial) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('agent-payment:' || :a || ':' || :s))")
                .param("a", agent)
                .param("s", serial)
                .query((rs, n) -> 1)
                .list();
    }

    private Optional<byte[]> enabledKey(String code) {
        return jdbc.sql("select signing_key from payment.collection_agent where agent_code = :c and enabled")
                .param("c", code)
                .query((rs, n) -> rs.getBytes(1))
                .optional()
                .map(k -> Base64.getDecoder().decode(vault.decrypt(k, KEY_FIELD)));
    }

    private Optional<AgentView> agent(String code) {
        return jdbc.sql("""
                        select agent_code, name, key_fingerprint, enabled, created_at from payment.collection_agent
                        where agent_code = :c""")
                .param("c", code)
                .query(CollectingThroughAgents::agentView)
                .optional();
    }

    private static AgentView agentView(ResultSet rs, int n) throws SQLException {
        return new AgentView(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getBoolean(4),
                rs.getObject(5, OffsetDateTime.class).toInstant());
    }

    private static final String DISCREPANCIES = """
            select discrepancy_id, agent_code, day, kind, serial, account_number, agent_amount, our_amount,
                ledger_amount, found_at, state, resolution, note, resolved_by_name, resolved_at, posting_id
            from payment.agent_discrepancy d""";

    private static DiscrepancyView discrepancyView(ResultSet rs, int n) throws SQLException {
        return new DiscrepancyView(
                rs.getLong(1),
                rs.getString(2),
                rs.getObject(3, LocalDate.class),
                BillMatching.Kind.valueOf(rs.getString(4)),
                rs.getString(5),
                rs.getString(6),
                money(rs.getObject(7, Long.class)),
                money(rs.getObject(8, Long.class)),
                money(rs.getObject(9, Long.class)),
                rs.getObject(10, OffsetDateTime.class).toInstant(),
                rs.getString(11).equals("OPEN"),
                rs.getString(12) == null ? null : Resolution.valueOf(rs.getString(12)),
                rs.getString(13),
                rs.getString(14),
                instant(rs.getObject(15, OffsetDateTime.class)),
                rs.getObject(16, Long.class));
    }

    // ---- helpers ----

    static String key(String agent, String serial) {
        return "agent:" + agent + ":" + serial;
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) throw new Refused(Code.MALFORMED, "not a JSON object");
            return n;
        } catch (JacksonException e) {
            throw new Refused(Code.MALFORMED, "not JSON");
        }
    }

    private static String text(JsonNode in, String field, Pattern p) {
        JsonNode v = in.get(field);
        if (v == null || !v.isString() || !p.matcher(v.asString()).matches()) throw new Refused(Code.MALFORMED, field);
        return v.asString();
    }

    private static LocalDate date(JsonNode in, String field) {
        String s = text(in, field, Pattern.compile("[0-9]{8}"));
        try {
            return LocalDate.parse(s, DAY);
        } catch (java.time.format.DateTimeParseException e) {
            throw new Refused(Code.MALFORMED, field);
        }
    }

    private static ObjectNode ok() {
        return error(Code.OK);
    }

    private static ObjectNode error(Code c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", c.code);
        n.put("message", c.message);
        return n;
    }

    private static Answer unsigned(int status, Code c) {
        return new Answer(status, JSON.writeValueAsBytes(error(c)), Map.of());
    }

    private Answer signed(byte[] key, String agent, int status, ObjectNode body) {
        byte[] bytes = JSON.writeValueAsBytes(body);
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        byte[] n = new byte[16];
        RANDOM.nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        return new Answer(
                status,
                bytes,
                Map.of(
                        "Agent-Code", agent,
                        "Agent-Timestamp", timestamp,
                        "Agent-Nonce", nonce,
                        "Agent-Signature", AgentSignatures.sign(key, agent, timestamp, nonce, bytes)));
    }

    static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Long fen(Money m) {
        return m == null ? null : m.fen();
    }

    private static Money money(Long fen) {
        return fen == null ? null : Money.fen(fen);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
