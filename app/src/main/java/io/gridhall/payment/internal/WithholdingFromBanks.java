package io.gridhall.payment.internal;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.identity.PersonalDataVault;
import io.gridhall.notification.BulkNotify;
import io.gridhall.notification.Notifications;
import io.gridhall.payment.BankWithholding;
import io.gridhall.payment.Ledger;
import io.gridhall.payment.Pay;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.Posted;
import io.gridhall.payment.PostingKind;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.Money;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Problem;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bank withholding (代扣, ADR 0019). A clerk records a customer's agreement (代扣协议) that a partner bank may debit
 * their bank account for a supply account's bills. Each month a branch manager generates, per bank, one file of every
 * agreed account of their branch that owes money (what is open on the ledger) and is not in a file still out at a
 * bank; the bank debits and answers with a return file (回盘文件), the same file with a result per row. Processing it
 * posts each successful row as a {@code BANK} payment through the ledger under the key {@code
 * withholding:<batch>:<seq>}, in one transaction with the rows' outcomes and the notices to customers whose debit
 * failed: a file processed twice, or by two people at once, credits once; a customer who paid at a counter meanwhile
 * keeps the bank's money as credit. Bank account numbers and holder names are sealed at rest and masked in answers.
 */
@Service
public class WithholdingFromBanks implements BankWithholding {

    private static final Logger log = LoggerFactory.getLogger(WithholdingFromBanks.class);
    static final String HOLDER = "payment.withholding.holder_name";
    static final String BANK_ACCOUNT = "payment.withholding.bank_account";
    static final String FILE = "payment.withholding.file";
    private static final Pattern BANK_ACCOUNT_FORMAT = Pattern.compile("[0-9]{8,32}");

    public enum AgreementState {
        ACTIVE,
        CANCELLED
    }

    /** A batch is out at its bank until its return file is processed; then it is done. */
    public enum BatchState {
        SENT,
        RETURNED;

        BatchState returned() {
            if (this != SENT) throw Problem.conflict("withholding-returned-already");
            return RETURNED;
        }
    }

    /** The bank's answer for a row (the detail's result code); codes a bank adds later read as {@code OTHER}. */
    public enum Result {
        SUCCESS("0000"),
        INSUFFICIENT_FUNDS("1001"),
        ACCOUNT_CLOSED("1002"),
        AGREEMENT_NOT_FOUND("1003"),
        HOLDER_NAME_MISMATCH("1004"),
        ACCOUNT_FROZEN("1005"),
        OTHER("9999");

        public final String code;

        Result(String code) {
            this.code = code;
        }

        public static Result of(String code) {
            if (code == null) return null;
            for (Result r : values()) if (r.code.equals(code)) return r;
            return OTHER;
        }
    }

    public record Bank(String code, String nameZh, String nameEn) {}

    public record Agreement(
            long agreementId,
            long supplyAccountId,
            String bankCode,
            String holderName,
            String bankAccount,
            LocalDate signedOn,
            AgreementState state,
            String createdBy,
            java.time.Instant createdAt,
            String cancelledBy,
            java.time.Instant cancelledAt,
            String cancelReason) {}

    public record Batch(
            long batchId,
            String batchNumber,
            long branchId,
            String bankCode,
            YearMonth month,
            BatchState state,
            int rows,
            Money total,
            String createdBy,
            java.time.Instant createdAt,
            java.time.Instant returnedAt,
            Integer succeeded,
            Money succeededTotal,
            Integer failed,
            Money failedTotal) {}

    /**
     * A row as shown: the account number, the masked holder and bank account, the amount and the bank's answer.
     *
     * @param resultCode null while the batch is out
     */
    public record Row(
            int seq,
            long supplyAccountId,
            String accountNumber,
            String holderName,
            String bankAccount,
            Money amount,
            String resultCode,
            Result result,
            Long postingId) {}

    /** @param replayed the same return file had been processed before: nothing new was written */
    public record Returned(Batch batch, boolean replayed) {}

    private final JdbcClient jdbc;
    private final Ledger ledger;
    private final Customers customers;
    private final PersonalDataVault vault;
    private final Notifications notifications;
    private final Audit audit;
    private final Clock clock;

    WithholdingFromBanks(
            JdbcClient jdbc,
            Ledger ledger,
            Customers customers,
            PersonalDataVault vault,
            Notifications notifications,
            Audit audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.customers = customers;
        this.vault = vault;
        this.notifications = notifications;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Bank> banks() {
        return jdbc.sql("select bank_code, name_zh, name_en from payment.partner_bank order by bank_code")
                .query((rs, n) -> new Bank(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    // ---- agreements ----

    /** The account's agreements, newest first, masked. Staff of the account's branch (PAYMENT_COLLECT). */
    @Transactional(readOnly = true)
    public List<Agreement> agreements(Actor actor, long accountId) {
        if (!actor.has(Permission.PAYMENT_APPROVE)) actor.require(Permission.PAYMENT_COLLECT);
        visible(actor, accountId);
        return jdbc.sql(AGREEMENT + " where supply_account_id = :id order by agreement_id desc")
                .param("id", accountId)
                .query((rs, n) -> agreement(rs))
                .list();
    }

    /** Records an agreement; an account has at most one active agreement (409 when it has one). Audited. */
    @Transactional
    public Agreement sign(
            Actor actor, long accountId, String bankCode, String holderName, String bankAccount, LocalDate signedOn) {
        actor.require(Permission.PAYMENT_COLLECT);
        SupplyAccountView account = visible(actor, accountId);
        String number = bankAccount == null ? "" : bankAccount.replace(" ", "");
        if (!BANK_ACCOUNT_FORMAT.matcher(number).matches())
            throw Problem.badRequest("withholding-bank-account").with("field", "bankAccount");
        String holder = holderName == null ? "" : holderName.strip();
        if (holder.isEmpty() || holder.getBytes(WithholdingFile.GBK).length > 40 || !gbk(holder))
            throw Problem.badRequest("withholding-holder-name").with("field", "holderName");
        if (signedOn == null || signedOn.isAfter(LocalDate.now(clock)))
            throw Problem.badRequest("withholding-signed-on").with("field", "signedOn");
        if (banks().stream().noneMatch(b -> b.code().equals(bankCode)))
            throw Problem.badRequest("withholding-bank-unknown").with("field", "bankCode");
        // two clerks recording an agreement for one account at once: the second is told (409), not a unique violation
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('withholding-agreement:' || :id, 0))")
                .param("id", accountId)
                .query()
                .listOfRows();
        boolean active =
                jdbc.sql("""
                select exists (select 1 from payment.withholding_agreement where supply_account_id = :id
                               and state = 'ACTIVE')""").param("id", accountId).query(Boolean.class).single();
        if (active) throw Problem.conflict("withholding-agreement-active");
        long id = jdbc.sql("""
                insert into payment.withholding_agreement (supply_account_id, branch_id, bank_code, holder_name_enc,
                    bank_account_enc, signed_on, state, created_by, created_by_name, created_at)
                values (:account, :branch, :bank, :holder, :number, :signed, 'ACTIVE', :by, :name, :at)
                returning agreement_id""")
                .param("account", accountId)
                .param("branch", account.branchId().value())
                .param("bank", bankCode)
                .param("holder", vault.encrypt(holder, HOLDER))
                .param("number", vault.encrypt(number, BANK_ACCOUNT))
                .param("signed", Date.valueOf(signedOn))
                .param("by", actor.userId().value())
                .param("name", FourEyes.name(actor))
                .param("at", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("accountId", accountId);
        details.put("bankCode", bankCode);
        details.put("bankAccount", PersonalData.maskBankAccount(number));
        details.put("signedOn", signedOn.toString());
        audit.record(actor, "payment.withholding.agreement", "withholding-agreement", String.valueOf(id), details);
        return agreement(id).orElseThrow();
    }

    @Override
    @Transactional
    public long recordAgreement(
            Actor actor, long accountId, String bankCode, String holderName, String bankAccount, LocalDate signedOn) {
        return sign(actor, accountId, bankCode, holderName, bankAccount, signedOn)
                .agreementId();
    }

    @Override
    @Transactional(readOnly = true)
    public boolean anyAgreement() {
        return jdbc.sql("select exists (select 1 from payment.withholding_agreement)")
                .query(Boolean.class)
                .single();
    }

    /** Cancels an active agreement with a reason; the next files leave the account out. Audited. */
    @Transactional
    public Agreement cancel(Actor actor, long agreementId, String reason) {
        actor.require(Permission.PAYMENT_COLLECT);
        Agreement a = agreement(agreementId)
                .filter(x -> actor.sees(new BranchId(branchOfAgreement(agreementId))))
                .orElseThrow(() -> Problem.notFound("withholding-agreement"));
        if (!MeaningfulReason.Check.isMeaningful(reason)) throw Problem.badRequest("reason-required");
        int n = jdbc.sql("""
                update payment.withholding_agreement set state = 'CANCELLED', cancelled_by = :by,
                    cancelled_by_name = :name, cancelled_at = :at, cancel_reason = :reason
                where agreement_id = :id and state = 'ACTIVE'""")
                .param("by", actor.userId().value())
                .param("name", FourEyes.name(actor))
                .param("at", Timestamp.from(clock.instant()))
                .param("reason", reason.strip())
                .param("id", agreementId)
                .update();
        if (n == 0) throw Problem.conflict("withholding-agreement-cancelled");
        audit.record(
                actor,
                "payment.withholding.agreement-cancel",
                "withholding-agreement",
                String.valueOf(agreementId),
                Map.of("accountId", a.supplyAccountId(), "reason", reason.strip()));
        return agreement(agreementId).orElseThrow();
    }

    /**
     * The agreements of the portal customer's own accounts, newest first, masked; a customer only (403 otherwise).
     */
    @Transactional(readOnly = true)
    public List<Agreement> ownAgreements(Actor customer) {
        List<Long> own = ownAccounts(customer);
        if (own.isEmpty()) return List.of();
        return jdbc.sql(AGREEMENT + " where supply_account_id = any(:ids) order by agreement_id desc")
                .param("ids", own.toArray(Long[]::new))
                .query((rs, n) -> agreement(rs))
                .list();
    }

    /**
     * The customer asks to cancel an agreement of one of their own accounts (another's is 404): recorded at once as
     * cancelled, at the customer's request, so the next files leave the account out (a file already at the bank is
     * not recalled); staff see it on the agreement. Audited.
     */
    @Transactional
    public Agreement cancelOwn(Actor customer, long agreementId, String reason) {
        List<Long> own = ownAccounts(customer);
        agreement(agreementId)
                .filter(a -> own.contains(a.supplyAccountId()))
                .orElseThrow(() -> Problem.notFound("withholding-agreement"));
        String why = CUSTOMER_CANCEL;
        if (reason != null && MeaningfulReason.Check.isMeaningful(reason)) why = why + ": " + reason.strip();
        if (why.length() > MeaningfulReason.MAX_LENGTH) why = why.substring(0, MeaningfulReason.MAX_LENGTH);
        int n = jdbc.sql("""
                update payment.withholding_agreement set state = 'CANCELLED', cancelled_by = :by,
                    cancelled_by_name = :name, cancelled_at = :at, cancel_reason = :reason
                where agreement_id = :id and state = 'ACTIVE'""")
                .param("by", customer.userId().value())
                .param("name", CUSTOMER_NAME)
                .param("at", Timestamp.from(clock.instant()))
                .param("reason", why)
                .param("id", agreementId)
                .update();
        if (n == 0) throw Problem.conflict("withholding-agreement-cancelled");
        Agreement a = agreement(agreementId).orElseThrow();
        audit.record(
                customer,
                "payment.withholding.agreement-cancel",
                "withholding-agreement",
                String.valueOf(agreementId),
                Map.of("accountId", a.supplyAccountId(), "reason", why, "by", "customer"));
        return a;
    }

    /** Who cancelled, as staff see it, when the customer asked on the portal. */
    static final String CUSTOMER_NAME = "客户本人（网上营业厅）";

    static final String CUSTOMER_CANCEL = "客户在网上营业厅申请取消代扣";

    private List<Long> ownAccounts(Actor customer) {
        if (!customer.isCustomer()) throw Problem.forbidden("portal-customers-only");
        return customers.portalAccounts(customer.userId()).stream()
                .map(io.gridhall.customer.SupplyAccountView::id)
                .toList();
    }

    private long branchOfAgreement(long id) {
        return jdbc.sql("select branch_id from payment.withholding_agreement where agreement_id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }

    private static final String AGREEMENT = """
            select agreement_id, supply_account_id, bank_code, holder_name_enc, bank_account_enc, signed_on, state,
                   created_by_name, created_at, cancelled_by_name, cancelled_at, cancel_reason
            from payment.withholding_agreement""";

    private Optional<Agreement> agreement(long id) {
        return jdbc.sql(AGREEMENT + " where agreement_id = :id")
                .param("id", id)
                .query((rs, n) -> agreement(rs))
                .optional();
    }

    private Agreement agreement(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp cancelled = rs.getTimestamp("cancelled_at");
        return new Agreement(
                rs.getLong("agreement_id"),
                rs.getLong("supply_account_id"),
                rs.getString("bank_code"),
                PersonalData.maskName(vault.decrypt(rs.getBytes("holder_name_enc"), HOLDER)),
                PersonalData.maskBankAccount(vault.decrypt(rs.getBytes("bank_account_enc"), BANK_ACCOUNT)),
                rs.getDate("signed_on").toLocalDate(),
                AgreementState.valueOf(rs.getString("state")),
                rs.getString("created_by_name"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("cancelled_by_name"),
                cancelled == null ? null : cancelled.toInstant(),
                rs.getString("cancel_reason"));
    }

    // ---- batches ----

    /**
     * The file of a bank for a branch and month: made once; asking again answers the batch made first. Every account
     * of the branch with an active agreement at the bank that owes money on the ledger and is in no batch still out
     * becomes a row for what it owes. PAYMENT_APPROVE. Audited.
     *
     * @param branchId the branch, or null for the caller's only branch
     */
    @Transactional
    public Batch generate(Actor actor, Long branchId, String bankCode, YearMonth month) {
        actor.require(Permission.PAYMENT_APPROVE);
        BranchId branch = branch(actor, branchId);
        if (banks().stream().noneMatch(b -> b.code().equals(bankCode)))
            throw Problem.badRequest("withholding-bank-unknown").with("field", "bankCode");
        if (month == null) throw Problem.badRequest("withholding-month").with("field", "month");
        // one generation per branch at a time: an account is never put in two batches
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('withholding-batch:' || :b, 0))")
                .param("b", branch.value())
                .query()
                .listOfRows();
        Optional<Long> existing = jdbc.sql("""
                select batch_id from payment.withholding_batch
                where branch_id = :branch and bank_code = :bank and month = :month""")
                .param("branch", branch.value())
                .param("bank", bankCode)
                .param("month", Date.valueOf(month.atDay(1)))
                .query(Long.class)
                .optional();
        if (existing.isPresent()) return batch(existing.get()).orElseThrow();

        record Candidate(long account, long agreement, byte[] holder, byte[] number, long owed) {}
        List<Candidate> candidates = jdbc.sql("""
                select a.supply_account_id, a.agreement_id, a.holder_name_enc, a.bank_account_enc, l.receivable
                from payment.withholding_agreement a
                join payment.ledger_account l on l.supply_account_id = a.supply_account_id
                where a.state = 'ACTIVE' and a.bank_code = :bank and a.branch_id = :branch and l.receivable > 0
                  and not exists (select 1 from payment.withholding_row r
                                  where r.supply_account_id = a.supply_account_id and r.result_code is null)
                order by a.supply_account_id""")
                .param("bank", bankCode)
                .param("branch", branch.value())
                .query((rs, n) ->
                        new Candidate(rs.getLong(1), rs.getLong(2), rs.getBytes(3), rs.getBytes(4), rs.getLong(5)))
                .list();
        if (candidates.isEmpty()) throw Problem.conflict("withholding-nothing-to-collect", bankCode, month.toString());
        Map<Long, SupplyAccountView> accounts =
                customers.accounts(candidates.stream().map(Candidate::account).toList()).stream()
                        .collect(Collectors.toMap(SupplyAccountView::id, Function.identity()));

        long id = jdbc.sql("select nextval('payment.withholding_batch_batch_id_seq')")
                .query(Long.class)
                .single();
        String number = "WH" + String.format("%04d%02d", month.getYear(), month.getMonthValue()) + bankCode
                + String.format("%09d", id);
        LocalDate today = LocalDate.now(clock);
        List<WithholdingFile.Detail> details = new ArrayList<>();
        long total = 0;
        for (Candidate c : candidates) {
            SupplyAccountView account = accounts.get(c.account());
            if (account == null) continue; // not a customer account (any more): nothing to send
            details.add(new WithholdingFile.Detail(
                    details.size() + 1,
                    account.accountNumber(),
                    vault.decrypt(c.number(), BANK_ACCOUNT),
                    vault.decrypt(c.holder(), HOLDER),
                    c.owed(),
                    null));
            total += c.owed();
        }
        byte[] file = WithholdingFile.write(new WithholdingFile.Header(number, bankCode, month, today), details);
        jdbc.sql("""
                insert into payment.withholding_batch (batch_id, batch_number, branch_id, bank_code, month, state,
                    row_count, total, file_enc, file_sha256, created_by, created_by_name, created_at)
                values (:id, :number, :branch, :bank, :month, 'SENT', :rows, :total, :file, :sha, :by, :name, :at)""")
                .param("id", id)
                .param("number", number)
                .param("branch", branch.value())
                .param("bank", bankCode)
                .param("month", Date.valueOf(month.atDay(1)))
                .param("rows", details.size())
                .param("total", total)
                .param("file", vault.encrypt(java.util.Base64.getEncoder().encodeToString(file), FILE))
                .param("sha", sha256(file))
                .param("by", actor.userId().value())
                .param("name", FourEyes.name(actor))
                .param("at", Timestamp.from(clock.instant()))
                .update();
        Map<Long, Candidate> byAccount = candidates.stream().collect(Collectors.toMap(Candidate::account, c -> c));
        Long[] seqs = new Long[details.size()];
        Long[] accountIds = new Long[details.size()];
        Long[] agreements = new Long[details.size()];
        Long[] amounts = new Long[details.size()];
        Map<String, Long> idOfNumber = new HashMap<>();
        accounts.values().forEach(a -> idOfNumber.put(a.accountNumber(), a.id()));
        for (int i = 0; i < details.size(); i++) {
            WithholdingFile.Detail d = details.get(i);
            Candidate c = byAccount.get(idOfNumber.get(d.accountNumber()));
            seqs[i] = (long) d.seq();
            accountIds[i] = c.account();
            agreements[i] = c.agreement();
            amounts[i] = d.fen();
        }
        jdbc.sql("""
                insert into payment.withholding_row (batch_id, seq, supply_account_id, agreement_id, amount)
                select :id, s, a, g, m from unnest(:seqs, :accounts, :agreements, :amounts) as t(s, a, g, m)""")
                .param("id", id)
                .param("seqs", seqs)
                .param("accounts", accountIds)
                .param("agreements", agreements)
                .param("amounts", amounts)
                .update();
        audit.record(
                actor,
                "payment.withholding.batch",
                "withholding-batch",
                String.valueOf(id),
                Map.of(
                        "batchNumber",
                        number,
                        "bankCode",
                        bankCode,
                        "rows",
                        details.size(),
                        "total",
                        Money.fen(total).toString()));
        log.info("Withholding batch {} made: {} rows", number, details.size());
        return batch(id).orElseThrow();
    }

    /** The batches of the caller's branches, newest month first. */
    @Transactional(readOnly = true)
    public List<Batch> batches(Actor actor, int limit) {
        if (!actor.has(Permission.PAYMENT_APPROVE)) actor.require(Permission.PAYMENT_COLLECT);
        List<Long> scope = actor.branchScope();
        return jdbc.sql(BATCH + """
                 where (cast(:scope as bigint[]) is null or b.branch_id = any(cast(:scope as bigint[])))
                order by b.month desc, b.batch_id desc limit :limit""")
                .param("scope", scope == null ? null : scope.toArray(Long[]::new))
                .param("limit", Math.clamp(limit, 1, 500))
                .query((rs, n) -> batch(rs))
                .list();
    }

    @Transactional(readOnly = true)
    public Batch batch(Actor actor, long batchId) {
        if (!actor.has(Permission.PAYMENT_APPROVE)) actor.require(Permission.PAYMENT_COLLECT);
        return visibleBatch(actor, batchId);
    }

    /** The batch's rows with the bank's answers, masked. */
    @Transactional(readOnly = true)
    public List<Row> rows(Actor actor, long batchId) {
        if (!actor.has(Permission.PAYMENT_APPROVE)) actor.require(Permission.PAYMENT_COLLECT);
        visibleBatch(actor, batchId);
        record Raw(int seq, long account, byte[] holder, byte[] number, long amount, String code, Long posting) {}
        List<Raw> raws = jdbc.sql("""
                select r.seq, r.supply_account_id, a.holder_name_enc, a.bank_account_enc, r.amount, r.result_code,
                       r.posting_id
                from payment.withholding_row r join payment.withholding_agreement a using (agreement_id)
                where r.batch_id = :id order by r.seq""")
                .param("id", batchId)
                .query((rs, n) -> new Raw(
                        rs.getInt(1),
                        rs.getLong(2),
                        rs.getBytes(3),
                        rs.getBytes(4),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getObject(7, Long.class)))
                .list();
        Map<Long, String> numbers = customers
                .accounts(raws.stream().map(Raw::account).toList())
                .stream()
                .collect(Collectors.toMap(SupplyAccountView::id, SupplyAccountView::accountNumber));
        return raws.stream()
                .map(r -> new Row(
                        r.seq(),
                        r.account(),
                        numbers.get(r.account()),
                        PersonalData.maskName(vault.decrypt(r.holder(), HOLDER)),
                        PersonalData.maskBankAccount(vault.decrypt(r.number(), BANK_ACCOUNT)),
                        Money.fen(r.amount()),
                        r.code(),
                        Result.of(r.code()),
                        r.posting()))
                .toList();
    }

    /**
     * The file as sent to the bank: holder names and bank account numbers in clear, for the bank. PAYMENT_APPROVE.
     * Audited.
     */
    @Transactional
    public byte[] file(Actor actor, long batchId) {
        actor.require(Permission.PAYMENT_APPROVE);
        Batch b = visibleBatch(actor, batchId);
        audit.record(
                actor,
                "payment.withholding.file-download",
                "withholding-batch",
                String.valueOf(batchId),
                Map.of("batchNumber", b.batchNumber()));
        return sentFile(batchId);
    }

    /** The bytes of the file sent, for the bank simulator and the processing of a return. */
    byte[] sentFile(long batchId) {
        byte[] sealed = jdbc.sql("select file_enc from payment.withholding_batch where batch_id = :id")
                .param("id", batchId)
                .query(byte[].class)
                .single();
        return java.util.Base64.getDecoder().decode(vault.decrypt(sealed, FILE));
    }

    /**
     * Processes the bank's return file: read strictly, checked against the batch (number, bank, month, count, totals,
     * and every row as sent), then in one transaction each successful row is paid through the ledger under the key
     * {@code withholding:<batch>:<seq>}, each row's result stored, the customers of failed rows told, and the batch
     * marked returned. The same file again answers the first processing; another file for a returned batch is 409.
     * PAYMENT_APPROVE. Audited.
     */
    @Transactional
    public Returned processReturn(Actor actor, long batchId, byte[] file) {
        actor.require(Permission.PAYMENT_APPROVE);
        visibleBatch(actor, batchId);
        WithholdingFile.Parsed parsed;
        try {
            parsed = WithholdingFile.read(file);
        } catch (WithholdingFile.Malformed e) {
            throw malformed(e.line, e.field);
        }
        // the batch's row lock: a second processing of the same file waits here, then finds it returned
        String state = jdbc.sql("select state from payment.withholding_batch where batch_id = :id for update")
                .param("id", batchId)
                .query(String.class)
                .single();
        Batch batch = batch(batchId).orElseThrow();
        byte[] sha = sha256(file);
        if (BatchState.valueOf(state) == BatchState.RETURNED) {
            byte[] first = jdbc.sql("select return_sha256 from payment.withholding_batch where batch_id = :id")
                    .param("id", batchId)
                    .query(byte[].class)
                    .single();
            if (MessageDigest.isEqual(first, sha)) return new Returned(batch, true);
            throw Problem.conflict("withholding-returned-already", batch.batchNumber());
        }
        WithholdingFile.Header h = parsed.header();
        if (!h.batchNumber().equals(batch.batchNumber())) throw malformed(1, "batchNumber");
        if (!h.bankCode().equals(batch.bankCode())) throw malformed(1, "bankCode");
        if (!h.month().equals(batch.month())) throw malformed(1, "month");
        int trailerLine = parsed.details().size() + 2;
        if (parsed.trailer().count() != batch.rows())
            throw Problem.badRequest(
                            "withholding-file-totals",
                            trailerLine,
                            "count",
                            parsed.trailer().count(),
                            batch.rows())
                    .with("line", trailerLine)
                    .with("field", "count");
        List<WithholdingFile.Detail> sent =
                WithholdingFile.read(sentFile(batchId)).details();
        for (int i = 0; i < sent.size(); i++) {
            WithholdingFile.Detail ours = sent.get(i), theirs = parsed.details().get(i);
            int line = i + 2;
            if (!ours.accountNumber().equals(theirs.accountNumber())) throw malformed(line, "accountNumber");
            if (!ours.bankAccount().equals(theirs.bankAccount())) throw malformed(line, "bankAccount");
            if (!ours.holderName().equals(theirs.holderName())) throw malformed(line, "holderName");
            if (ours.fen() != theirs.fen()) throw malformed(line, "amount");
            if (theirs.resultCode() == null) throw malformed(line, "resultCode");
        }
        // rows equal to ours have our total; checked all the same, as a bank may add up wrongly
        if (parsed.trailer().total() != batch.total().fen())
            throw Problem.badRequest(
                            "withholding-file-totals",
                            trailerLine,
                            "total",
                            parsed.trailer().total(),
                            batch.total().fen())
                    .with("line", trailerLine)
                    .with("field", "total");

        List<Stored> rows = jdbc.sql("""
                select seq, supply_account_id, amount from payment.withholding_row where batch_id = :id order by seq""")
                .param("id", batchId)
                .query((rs, n) -> new Stored(rs.getInt(1), rs.getLong(2), rs.getLong(3)))
                .list();
        List<Pay> pays = new ArrayList<>();
        List<Integer> paidSeqs = new ArrayList<>();
        List<Stored> failed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Stored r = rows.get(i);
            if (r.amount() != sent.get(i).fen() || r.seq() != i + 1) throw new IllegalStateException("batch rows");
            if (parsed.details().get(i).succeeded()) {
                pays.add(new Pay(
                        "withholding:" + batch.batchNumber() + ":" + r.seq(),
                        PostingKind.PAYMENT,
                        PaymentChannel.BANK,
                        List.of(new Pay.Share(r.account(), Money.fen(r.amount()))),
                        batch.batchNumber(),
                        null));
                paidSeqs.add(r.seq());
            } else failed.add(r);
        }
        List<Posted> posted = pays.isEmpty() ? List.of() : ledger.payAll(pays);
        Long[] seqs = new Long[rows.size()];
        String[] codes = new String[rows.size()];
        Long[] postings = new Long[rows.size()];
        Map<Integer, Long> postingOfSeq = new HashMap<>();
        for (int i = 0; i < posted.size(); i++)
            postingOfSeq.put(paidSeqs.get(i), posted.get(i).postingId());
        int succeeded = 0;
        long succeededTotal = 0;
        for (int i = 0; i < rows.size(); i++) {
            seqs[i] = (long) rows.get(i).seq();
            codes[i] = parsed.details().get(i).resultCode();
            postings[i] = postingOfSeq.get(rows.get(i).seq());
            if (postings[i] != null) {
                succeeded++;
                succeededTotal += rows.get(i).amount();
            }
        }
        jdbc.sql("""
                update payment.withholding_row r set result_code = t.code, posting_id = t.posting
                from unnest(:seqs, :codes, :postings) as t(seq, code, posting)
                where r.batch_id = :id and r.seq = t.seq""")
                .param("id", batchId)
                .param("seqs", seqs)
                .param("codes", codes)
                .param("postings", postings)
                .update();
        jdbc.sql("""
                update payment.withholding_batch set state = :state, return_sha256 = :sha, returned_by = :by,
                    returned_by_name = :name, returned_at = :at, succeeded = :ok, succeeded_total = :okTotal
                where batch_id = :id""")
                .param("state", BatchState.SENT.returned().name())
                .param("sha", sha)
                .param("by", actor.userId().value())
                .param("name", FourEyes.name(actor))
                .param("at", Timestamp.from(clock.instant()))
                .param("ok", succeeded)
                .param("okTotal", succeededTotal)
                .param("id", batchId)
                .update();
        notifyFailures(batch, failed);
        audit.record(
                actor,
                "payment.withholding.return",
                "withholding-batch",
                String.valueOf(batchId),
                Map.of(
                        "batchNumber",
                        batch.batchNumber(),
                        "succeeded",
                        succeeded,
                        "failed",
                        rows.size() - succeeded,
                        "succeededTotal",
                        Money.fen(succeededTotal).toString()));
        log.info(
                "Withholding batch {} returned: {} succeeded, {} failed",
                batch.batchNumber(),
                succeeded,
                rows.size() - succeeded);
        return new Returned(batch(batchId).orElseThrow(), false);
    }

    /** Tells the portal users of each failed row's account, once per row (the key), in this transaction. */
    private void notifyFailures(Batch batch, List<Stored> failed) {
        if (failed.isEmpty()) return;
        Map<Long, String> numbers = customers
                .accounts(failed.stream().map(Stored::account).toList())
                .stream()
                .collect(Collectors.toMap(SupplyAccountView::id, SupplyAccountView::accountNumber));
        for (Stored r : failed) {
            long[] users = customers.portalUsersOfAccounts(new long[] {r.account()});
            if (users.length == 0) continue;
            Map<String, String> p = new LinkedHashMap<>();
            p.put("account", numbers.getOrDefault(r.account(), "-"));
            p.put("amount", Money.fen(r.amount()).toString());
            p.put("month", batch.month().toString());
            notifications.sendToUsers(new BulkNotify(
                    "withholding:" + batch.batchNumber() + ":" + r.seq() + ":",
                    "payment.withholding-failed",
                    p,
                    Locale.CHINA,
                    users));
        }
    }

    private record Stored(int seq, long account, long amount) {}

    private static Problem malformed(int line, String field) {
        return Problem.badRequest("withholding-file-malformed", line, field)
                .with("line", line)
                .with("field", field);
    }

    private static final String BATCH = """
            select b.batch_id, b.batch_number, b.branch_id, b.bank_code, b.month, b.state, b.row_count, b.total,
                   b.created_by_name, b.created_at, b.returned_at, b.succeeded, b.succeeded_total
            from payment.withholding_batch b""";

    private Optional<Batch> batch(long id) {
        return jdbc.sql(BATCH + " where b.batch_id = :id")
                .param("id", id)
                .query((rs, n) -> batch(rs))
                .optional();
    }

    private static Batch batch(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp returned = rs.getTimestamp("returned_at");
        Integer ok = rs.getObject("succeeded", Integer.class);
        Long okTotal = rs.getObject("succeeded_total", Long.class);
        int rows = rs.getInt("row_count");
        long total = rs.getLong("total");
        LocalDate month = rs.getDate("month").toLocalDate();
        return new Batch(
                rs.getLong("batch_id"),
                rs.getString("batch_number"),
                rs.getLong("branch_id"),
                rs.getString("bank_code"),
                YearMonth.from(month),
                BatchState.valueOf(rs.getString("state")),
                rows,
                Money.fen(total),
                rs.getString("created_by_name"),
                rs.getTimestamp("created_at").toInstant(),
                returned == null ? null : returned.toInstant(),
                ok,
                okTotal == null ? null : Money.fen(okTotal),
                ok == null ? null : rows - ok,
                okTotal == null ? null : Money.fen(total - okTotal));
    }

    private Batch visibleBatch(Actor actor, long batchId) {
        return batch(batchId)
                .filter(b -> actor.sees(new BranchId(b.branchId())))
                .orElseThrow(() -> Problem.notFound("withholding-batch"));
    }

    private static BranchId branch(Actor actor, Long branchId) {
        if (branchId != null) {
            BranchId b = new BranchId(branchId);
            if (!actor.sees(b)) throw Problem.notFound("branch");
            return b;
        }
        if (actor.branches().size() != 1)
            throw Problem.badRequest("withholding-branch-required").with("field", "branchId");
        return actor.branches().iterator().next();
    }

    private SupplyAccountView visible(Actor actor, long accountId) {
        return customers
                .account(accountId)
                .filter(a -> actor.sees(a.branchId()))
                .orElseThrow(() -> Problem.notFound("supply-account"));
    }

    private static boolean gbk(String s) {
        return WithholdingFile.GBK.newEncoder().canEncode(s) && s.chars().noneMatch(c -> c < 0x20);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
