package io.gridhall.customer.internal;

import io.gridhall.customer.ContactRole;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.IdNumbers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.customer.internal.CustomerRecords.ContactRecord;
import io.gridhall.customer.internal.CustomerRecords.CustomerRecord;
import io.gridhall.grid.AccountPage;
import io.gridhall.grid.Grid;
import io.gridhall.grid.MeterView;
import io.gridhall.grid.NodeRef;
import io.gridhall.grid.SupplyPath;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.shared.MeaningfulReason;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Problem;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What counter and back-office staff do with customer records; everything shown is masked. */
@Service
public class CustomerDesk {

    public record CustomerSummary(
            long id,
            String name,
            CustomerClass customerClass,
            CustomerKind kind,
            BranchId branchId,
            List<String> accountNumbers,
            String phone) {}

    public record SearchPage(List<CustomerSummary> items, int page, int size, long total) {}

    public record ContactView(ContactRole role, String name, String phone, String email) {}

    public record MeterSummary(
            long id,
            String assetNumber,
            String commAddress,
            MeterView.FeeControl feeControl,
            int ctRatio,
            int ptRatio,
            MeterView.Phase phase,
            String status,
            LocalDate installedOn) {}

    public record AccountDetail(
            long id,
            String accountNumber,
            String accountName,
            String address,
            BranchId branchId,
            String tariffCategory,
            String status,
            LocalDate openedOn,
            List<MeterSummary> meters,
            SupplyPath supplyPath) {}

    public record Related(long id, String name, CustomerClass customerClass) {}

    public record GroupView(Related parent, List<Related> subsidiaries) {}

    public record CustomerDetail(
            long id,
            CustomerClass customerClass,
            CustomerKind kind,
            String name,
            String idNumber,
            Integer contractedKva,
            Integer contractedDemandKw,
            Integer householdSize,
            BranchId branchId,
            String status,
            List<ContactView> contacts,
            List<AccountDetail> accounts,
            GroupView group) {}

    public record Unmasked(
            long id, String name, String idNumber, List<ContactView> contacts, List<Map<String, String>> accounts) {}

    /** A new customer or the edit of one; validated by the web layer (checksum, phone, capacity rule). */
    public record CustomerInput(
            CustomerClass customerClass,
            CustomerKind kind,
            String name,
            String idNumber,
            Integer contractedKva,
            Integer contractedDemandKw,
            Integer householdSize,
            String phone,
            String email,
            BranchId branchId,
            String address,
            String tariffCategory,
            String accountName) {}

    private final CustomerRecords records;
    private final CustomerSearch search;
    private final Grid grid;
    private final Audit audit;
    private final IdNumberProtection idNumbers;
    private final Clock clock;

    CustomerDesk(
            CustomerRecords records,
            CustomerSearch search,
            Grid grid,
            Audit audit,
            IdNumberProtection idNumbers,
            Clock clock) {
        this.records = records;
        this.search = search;
        this.grid = grid;
        this.audit = audit;
        this.idNumbers = idNumbers;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public SearchPage search(Actor actor, String q, int page, int size) {
        actor.require(Permission.CUSTOMER_READ);
        int p = Math.max(0, page);
        int s = Math.clamp(size, 1, 100);
        List<Long> branches = actor.branchScope();
        return search.search(
                q,
                branches,
                p,
                s,
                summary -> new CustomerSummary(
                        summary.id(),
                        maskName(summary.kind(), summary.name()),
                        summary.customerClass(),
                        summary.kind(),
                        summary.branchId(),
                        summary.accountNumbers(),
                        PersonalData.maskPhone(summary.phone())));
    }

    /** A supply account in a list: masked, with the customer it belongs to. */
    public record AccountListItem(
            long accountId,
            String accountNumber,
            String accountName,
            long customerId,
            CustomerClass customerClass,
            String address,
            String status) {}

    public record AccountListPage(List<AccountListItem> items, int page, int size, long total) {}

    /**
     * The supply accounts below a topology node, one page in account-id order, for the topology browser. A node of
     * another branch is not found, like an unknown one.
     */
    @Transactional(readOnly = true)
    public AccountListPage accountsBelow(Actor actor, NodeRef node, int page, int size) {
        actor.require(Permission.CUSTOMER_READ);
        grid.node(node).filter(n -> actor.sees(n.branchId())).orElseThrow(() -> Problem.notFound("grid-node"));
        AccountPage ids = grid.downstreamAccounts(node, Math.max(0, page), Math.clamp(size, 1, 100));
        List<AccountListItem> items = records.accountLines(ids.accountIds()).stream()
                .map(line -> new AccountListItem(
                        line.account().id(),
                        line.account().accountNumber(),
                        maskName(line.kind(), line.account().accountName()),
                        line.account().customerId(),
                        line.account().customerClass(),
                        PersonalData.maskAddress(line.account().address()),
                        line.account().status()))
                .toList();
        return new AccountListPage(items, ids.page(), ids.size(), ids.total());
    }

    /** The customer if the actor's branches registered it or hold one of its accounts; otherwise 404. */
    private CustomerRecord visible(Actor actor, long id, boolean forUpdate) {
        Optional<CustomerRecord> c = forUpdate ? records.customerForUpdate(id) : records.customer(id);
        return c.filter(r -> actor.sees(r.branchId())
                        || records.accountsOfCustomer(r.id()).stream().anyMatch(a -> actor.sees(a.branchId())))
                .orElseThrow(() -> Problem.notFound("customer"));
    }

    @Transactional(readOnly = true)
    public CustomerDetail view(Actor actor, long id) {
        actor.require(Permission.CUSTOMER_READ);
        CustomerRecord c = visible(actor, id, false);
        List<SupplyAccountView> accounts = records.accountsOfCustomer(id).stream()
                .filter(a -> actor.sees(a.branchId()))
                .toList();
        Map<Long, List<MeterView>> meters = grid.metersOfAccounts(
                accounts.stream().map(SupplyAccountView::id).toList());
        List<AccountDetail> details = new ArrayList<>();
        for (SupplyAccountView a : accounts) {
            details.add(new AccountDetail(
                    a.id(),
                    a.accountNumber(),
                    maskName(c.kind(), a.accountName()),
                    PersonalData.maskAddress(a.address()),
                    a.branchId(),
                    a.tariffCategory(),
                    a.status(),
                    a.openedOn(),
                    meters.getOrDefault(a.id(), List.of()).stream()
                            .map(CustomerDesk::meterSummary)
                            .toList(),
                    grid.supplyPath(a.id()).orElse(null)));
        }
        return new CustomerDetail(
                c.id(),
                c.customerClass(),
                c.kind(),
                maskName(c.kind(), c.name()),
                PersonalData.maskIdNumber(c.idNumberSealed() == null ? null : idNumbers.decrypt(c.idNumberSealed())),
                c.contractedKva(),
                c.contractedDemandKw(),
                c.householdSize(),
                c.branchId(),
                c.status(),
                maskedContacts(id),
                details,
                group(c));
    }

    static MeterSummary meterSummary(MeterView m) {
        return new MeterSummary(
                m.id(),
                m.assetNumber(),
                m.commAddress(),
                m.feeControl(),
                m.ctRatio(),
                m.ptRatio(),
                m.phase(),
                m.status(),
                m.installedOn());
    }

    private GroupView group(CustomerRecord c) {
        Related parent = records.groupParent(c.id())
                .flatMap(records::customer)
                .map(this::related)
                .orElse(null);
        List<Related> children = records.customers(records.groupChildren(c.id())).stream()
                .map(this::related)
                .toList();
        return parent == null && children.isEmpty() ? null : new GroupView(parent, children);
    }

    private Related related(CustomerRecord r) {
        return new Related(r.id(), maskName(r.kind(), r.name()), r.customerClass());
    }

    private List<ContactView> maskedContacts(long customerId) {
        return records.contacts(customerId).stream()
                .map(k -> new ContactView(
                        k.role(),
                        PersonalData.maskName(k.name()),
                        PersonalData.maskPhone(k.phone()),
                        PersonalData.maskEmail(k.email())))
                .toList();
    }

    /** Organisations keep their name (it is public); persons' names are masked. */
    static String maskName(CustomerKind kind, String name) {
        return kind == CustomerKind.ORGANISATION ? name : PersonalData.maskName(name);
    }

    @Transactional
    public CustomerDetail create(Actor actor, CustomerInput in) {
        actor.require(Permission.CUSTOMER_WRITE);
        if (!actor.sees(in.branchId())) throw Problem.notFound("branch");
        String id = IdNumbers.normalise(in.idNumber());
        long customerId = records.insertCustomer(
                in.branchId(),
                in.customerClass(),
                in.kind(),
                in.name().strip(),
                idNumbers.encrypt(id),
                idNumbers.lookupHash(id),
                in.contractedKva(),
                in.contractedDemandKw(),
                in.householdSize());
        records.insertContact(customerId, ContactRole.OWNER, in.name().strip(), in.phone(), blankToNull(in.email()));
        if (in.address() != null && !in.address().isBlank()) {
            records.insertAccount(
                    customerId,
                    in.accountName() == null || in.accountName().isBlank()
                            ? in.name().strip()
                            : in.accountName().strip(),
                    in.address().strip(),
                    in.branchId(),
                    in.tariffCategory() == null ? defaultTariff(in.customerClass()) : in.tariffCategory(),
                    LocalDate.now(clock));
        }
        audit.record(actor, "customer.create", "customer", String.valueOf(customerId), masked(in));
        return view(actor, customerId);
    }

    static String defaultTariff(CustomerClass cls) {
        return switch (cls) {
            case RESIDENTIAL -> "RESIDENTIAL_TIERED";
            case COMMERCIAL -> "COMMERCIAL";
            case LARGE_INDUSTRIAL -> "LARGE_INDUSTRIAL_TWO_PART";
            case AGRICULTURAL -> "AGRICULTURAL";
        };
    }

    /**
     * Edits a customer and its owner contact. {@code change} gets the stored values in full (never shown to the
     * caller) and answers the values to store, so fields the clerk did not touch keep what is stored even when the
     * screen only ever showed them masked; it may throw to reject the edit. Audited with the changed fields only,
     * old and new masked.
     */
    @Transactional
    public CustomerDetail update(Actor actor, long id, UnaryOperator<CustomerInput> change) {
        actor.require(Permission.CUSTOMER_WRITE);
        CustomerRecord old = visible(actor, id, true);
        ContactRecord owner = records.contacts(id).stream()
                .filter(k -> k.role() == ContactRole.OWNER)
                .findFirst()
                .orElse(null);
        String oldId = old.idNumberSealed() == null ? null : idNumbers.decrypt(old.idNumberSealed());
        CustomerInput before = new CustomerInput(
                old.customerClass(),
                old.kind(),
                old.name(),
                oldId,
                old.contractedKva(),
                old.contractedDemandKw(),
                old.householdSize(),
                owner == null ? null : owner.phone(),
                owner == null ? null : owner.email(),
                old.branchId(),
                null,
                null,
                null);
        CustomerInput in = change.apply(before);
        String newId = IdNumbers.normalise(in.idNumber());
        records.updateCustomer(
                id,
                in.customerClass(),
                in.kind(),
                in.name().strip(),
                idNumbers.encrypt(newId),
                idNumbers.lookupHash(newId),
                in.contractedKva(),
                in.contractedDemandKw(),
                in.householdSize());
        records.upsertOwnerContact(id, in.name().strip(), in.phone(), blankToNull(in.email()));
        // flat string values: the audit log hashes a canonical form that nested maps would not keep
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, Object> was = masked(before);
        Map<String, Object> now = masked(in);
        for (String field : changedFields(before, in)) {
            details.put("old." + field, String.valueOf(was.get(field)));
            details.put("new." + field, String.valueOf(now.get(field)));
        }
        audit.record(actor, "customer.update", "customer", String.valueOf(id), details);
        return view(actor, id);
    }

    /** The fields whose stored value an edit changes (compared in full, not masked). */
    static List<String> changedFields(CustomerInput before, CustomerInput after) {
        Map<String, Object[]> pairs = new LinkedHashMap<>();
        pairs.put("customerClass", new Object[] {before.customerClass(), after.customerClass()});
        pairs.put("kind", new Object[] {before.kind(), after.kind()});
        pairs.put("name", new Object[] {strip(before.name()), strip(after.name())});
        pairs.put("idNumber", new Object[] {
            before.idNumber() == null ? null : IdNumbers.normalise(before.idNumber()),
            after.idNumber() == null ? null : IdNumbers.normalise(after.idNumber())
        });
        pairs.put("contractedKva", new Object[] {before.contractedKva(), after.contractedKva()});
        pairs.put("contractedDemandKw", new Object[] {before.contractedDemandKw(), after.contractedDemandKw()});
        pairs.put("householdSize", new Object[] {before.householdSize(), after.householdSize()});
        pairs.put("phone", new Object[] {strip(before.phone()), strip(after.phone())});
        pairs.put("email", new Object[] {blankToNull(before.email()), blankToNull(after.email())});
        return pairs.entrySet().stream()
                .filter(e -> !java.util.Objects.equals(e.getValue()[0], e.getValue()[1]))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    /** The fields as they may appear in the audit log: masked like everywhere else. */
    private static Map<String, Object> masked(CustomerInput in) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "customerClass",
                in.customerClass() == null ? null : in.customerClass().name());
        m.put("kind", in.kind() == null ? null : in.kind().name());
        m.put("name", maskName(in.kind(), in.name()));
        m.put("idNumber", PersonalData.maskIdNumber(in.idNumber()));
        m.put("contractedKva", in.contractedKva());
        m.put("contractedDemandKw", in.contractedDemandKw());
        m.put("householdSize", in.householdSize());
        m.put("phone", PersonalData.maskPhone(in.phone()));
        m.put("email", PersonalData.maskEmail(in.email()));
        m.values().removeIf(java.util.Objects::isNull);
        return m;
    }

    @Transactional
    public Unmasked unmask(Actor actor, long id, String reason) {
        actor.require(Permission.PERSONAL_DATA_UNMASK);
        if (!MeaningfulReason.Check.isMeaningful(reason)) throw Problem.badRequest("reason-required");
        CustomerRecord c = visible(actor, id, false);
        List<ContactView> contacts = records.contacts(id).stream()
                .map(k -> new ContactView(k.role(), k.name(), k.phone(), k.email()))
                .toList();
        List<Map<String, String>> accounts = records.accountsOfCustomer(id).stream()
                .filter(a -> actor.sees(a.branchId()))
                .map(a -> Map.of(
                        "accountNumber", a.accountNumber(), "accountName", a.accountName(), "address", a.address()))
                .toList();
        Map<String, Object> details = new HashMap<>();
        details.put("reason", reason.strip());
        details.put("fields", "name,idNumber,contacts,addresses");
        audit.record(actor, "customer.unmask", "customer", String.valueOf(id), details);
        return new Unmasked(
                c.id(),
                c.name(),
                c.idNumberSealed() == null ? null : idNumbers.decrypt(c.idNumberSealed()),
                contacts,
                accounts);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
