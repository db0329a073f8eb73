package io.gridhall.customer.internal;

import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.customer.SupplyTerms;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.CustomerSignedUp;
import io.gridhall.identity.UserId;
import io.gridhall.shared.BulkCopy;
import io.gridhall.shared.TableCounts;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
@Transactional(readOnly = true)
class CustomerDirectory implements Customers {

    private final CustomerRecords records;
    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final IdNumberProtection idNumbers;
    private final ContactProtection phones;
    private final Clock clock;

    CustomerDirectory(
            CustomerRecords records,
            JdbcClient jdbc,
            DataSource dataSource,
            IdNumberProtection idNumbers,
            ContactProtection phones,
            Clock clock) {
        this.phones = phones;
        this.records = records;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.idNumbers = idNumbers;
        this.clock = clock;
    }

    @Override
    public Optional<SupplyAccountView> account(long supplyAccountId) {
        return records.account(supplyAccountId);
    }

    @Override
    @Transactional(readOnly = true)
    public boolean phoneOfAccount(long supplyAccountId, String phone) {
        if (phone == null || phone.isBlank()) return false;
        return jdbc.sql("""
                        select exists (select 1 from customer.contact c
                            join customer.supply_account a on a.customer_id = c.customer_id
                            where a.id = :id and c.phone_hash = :hash)""")
                .param("id", supplyAccountId)
                .param("hash", phones.lookupHash(phone.strip()))
                .query(Boolean.class)
                .single();
    }

    @Override
    public Optional<SupplyAccountView> accountByNumber(String accountNumber) {
        return records.accountByNumber(accountNumber);
    }

    @Override
    public List<SupplyAccountView> accountsOfCustomer(long customerId) {
        return records.accountsOfCustomer(customerId);
    }

    @Override
    public List<SupplyAccountView> portalAccounts(UserId user) {
        return records.portalAccounts(user.value());
    }

    static final int USER_LOOKUP_CHUNK = 50_000;

    @Override
    public long[] portalUsersOfAccounts(long[] supplyAccountIds) {
        LongStream.Builder users = LongStream.builder();
        for (int from = 0; from < supplyAccountIds.length; from += USER_LOOKUP_CHUNK) {
            Long[] chunk = Arrays.stream(
                            supplyAccountIds, from, Math.min(supplyAccountIds.length, from + USER_LOOKUP_CHUNK))
                    .boxed()
                    .toArray(Long[]::new);
            jdbc.sql("select user_id from customer.portal_binding where supply_account_id = any(?)")
                    .param(chunk)
                    .query(rs -> {
                        users.add(rs.getLong(1));
                    });
        }
        return users.build().sorted().distinct().toArray();
    }

    @Override
    public void reservedPhonesOfUnboundCustomers(long[] supplyAccountIds, Consumer<List<ReservedPhone>> slice) {
        for (int from = 0; from < supplyAccountIds.length; from += USER_LOOKUP_CHUNK) {
            Long[] chunk = Arrays.stream(
                            supplyAccountIds, from, Math.min(supplyAccountIds.length, from + USER_LOOKUP_CHUNK))
                    .boxed()
                    .toArray(Long[]::new);
            List<ReservedPhone> found = jdbc.sql("""
                            select distinct on (a.customer_id) a.customer_id, c.phone_enc
                            from customer.supply_account a
                            join customer.contact c on c.customer_id = a.customer_id and c.phone_enc is not null
                            where a.id = any(?)
                              and not exists (select 1 from customer.supply_account o
                                              join customer.portal_binding b on b.supply_account_id = o.id
                                              where o.customer_id = a.customer_id)
                            order by a.customer_id, (c.role = 'OWNER') desc, c.id""")
                    .param(chunk)
                    .query((rs, n) -> new ReservedPhone(rs.getLong(1), phones.decrypt(rs.getBytes(2))))
                    .list();
            if (!found.isEmpty()) slice.accept(found);
        }
    }

    @Override
    @Transactional
    public void bind(UserId user, long supplyAccountId) {
        records.bind(user.value(), supplyAccountId, clock.instant());
    }

    @Override
    @Transactional
    public void prebind(String phone, long supplyAccountId) {
        if (Phones.normalise(phone) == null) throw new IllegalArgumentException("no phone to pre-bind");
        records.prebind(phone, supplyAccountId);
    }

    @Override
    @Transactional
    public int claimPrebindings(UserId user, String phone) {
        List<Long> accounts = records.takePrebindings(phone);
        accounts.forEach(a -> records.bind(user.value(), a, clock.instant()));
        return accounts.size();
    }

    /** A new portal user gets the accounts kept for their phone (the demo keeps some) at once. */
    @EventListener
    void on(CustomerSignedUp signedUp) {
        claimPrebindings(signedUp.user(), signedUp.phone());
    }

    @Override
    public Map<Long, CustomerClass> classesOfAccounts(Collection<Long> supplyAccountIds) {
        Map<Long, CustomerClass> classes = new HashMap<>();
        jdbc.sql("""
                select a.id, c.customer_class from customer.supply_account a
                join customer.customer c on c.id = a.customer_id where a.id = any(:ids)""").param("ids", supplyAccountIds.toArray(Long[]::new)).query(rs -> {
            classes.put(rs.getLong(1), CustomerClass.valueOf(rs.getString(2)));
        });
        return classes;
    }

    @Override
    public Map<Long, SupplyTerms> supplyTerms(Collection<Long> supplyAccountIds) {
        Map<Long, SupplyTerms> terms = new HashMap<>();
        if (supplyAccountIds.isEmpty()) return terms;
        jdbc.sql("""
                        select a.id, c.contracted_kva, c.contracted_demand_kw, c.household_size
                          from customer.supply_account a join customer.customer c on c.id = a.customer_id
                         where a.id = any(:ids)""").param("ids", supplyAccountIds.toArray(Long[]::new)).query(rs -> {
            long id = rs.getLong(1);
            terms.put(
                    id,
                    new SupplyTerms(
                            id,
                            rs.getObject(2, Integer.class),
                            rs.getObject(3, Integer.class),
                            rs.getObject(4, Integer.class)));
        });
        return terms;
    }

    @Override
    public List<SupplyAccountView> accounts(Collection<Long> supplyAccountIds) {
        if (supplyAccountIds.isEmpty()) return List.of();
        return jdbc.sql("select " + CustomerRecords.ACCOUNT_COLUMNS + " from customer.supply_account a"
                        + " join customer.customer c on c.id = a.customer_id where a.id = any(:ids) order by a.id")
                .param("ids", supplyAccountIds.toArray(Long[]::new))
                .query(CustomerRecords::account)
                .list();
    }

    @Override
    public List<Long> billableAccountIds(BranchId branch) {
        return jdbc.sql("select id from customer.supply_account where branch_id = ? and status <> 'CLOSED' order by id")
                .param(branch.value())
                .query(Long.class)
                .list();
    }

    @Override
    public long countCustomers() {
        return jdbc.sql("select count(*) from customer.customer")
                .query(Long.class)
                .single();
    }

    @Override
    public Map<String, Long> counts() {
        return TableCounts.of(
                jdbc,
                "customer",
                List.of("customer", "supply_account", "contact", "group_link", "portal_binding", "portal_prebinding"));
    }

    @Override
    @Transactional
    public long[] allocateCustomerIds(int n) {
        return allocate("customer.customer_id_seq", n);
    }

    @Override
    @Transactional
    public long[] allocateAccountIds(int n) {
        return allocate("customer.supply_account_id_seq", n);
    }

    private long[] allocate(String sequence, int n) {
        return BulkCopy.allocateIds(jdbc, sequence, n);
    }

    @Override
    @Transactional
    public void importRows(ImportBatch b) {
        BulkCopy.copy(
                dataSource,
                "customer.customer",
                "id, branch_id, customer_class, kind, name, id_number_enc, id_number_hash, contracted_kva,"
                        + " contracted_demand_kw, household_size",
                b.customers(),
                r -> new Object[] {
                    r.id(),
                    r.branchId().value(),
                    r.customerClass(),
                    r.kind(),
                    r.name(),
                    idNumbers.encrypt(r.idNumber()),
                    idNumbers.lookupHash(r.idNumber()),
                    r.contractedKva(),
                    r.contractedDemandKw(),
                    r.householdSize()
                });
        BulkCopy.copy(
                dataSource,
                "customer.supply_account",
                "id, account_number, customer_id, account_name, address, branch_id, tariff_category, opened_on",
                b.accounts(),
                r -> new Object[] {
                    r.id(),
                    r.accountNumber(),
                    r.customerId(),
                    r.accountName(),
                    r.address(),
                    r.branchId().value(),
                    r.tariffCategory(),
                    r.openedOn()
                });
        BulkCopy.copy(
                dataSource,
                "customer.contact",
                "customer_id, role, name, phone_enc, phone_hash, email_enc",
                b.contacts(),
                r -> new Object[] {
                    r.customerId(),
                    r.role(),
                    r.name(),
                    phones.encrypt(r.phone()),
                    phones.lookupHash(r.phone()),
                    phones.sealEmail(r.email())
                });
        BulkCopy.copy(dataSource, "customer.group_link", "parent_customer_id, child_customer_id", b.groupLinks(), r ->
                new Object[] {r.parentCustomerId(), r.childCustomerId()});
    }
}
