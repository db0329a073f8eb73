package io.gridhall.customer.internal;

import io.gridhall.customer.ContactRole;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.BranchId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL over schema {@code customer}. Phones and e-mails are sealed on the way in and opened on the way out ({@link
 * ContactProtection}).
 */
@Repository
public class CustomerRecords {

    /** A customer row; the ID number stays sealed until someone with the right unmasks it. */
    public record CustomerRecord(
            long id,
            BranchId branchId,
            CustomerClass customerClass,
            CustomerKind kind,
            String name,
            byte[] idNumberSealed,
            Integer contractedKva,
            Integer contractedDemandKw,
            Integer householdSize,
            String status) {}

    public record ContactRecord(long id, long customerId, ContactRole role, String name, String phone, String email) {}

    public record Summary(
            long id,
            BranchId branchId,
            CustomerClass customerClass,
            CustomerKind kind,
            String name,
            List<String> accountNumbers,
            String phone) {}

    private final JdbcClient jdbc;
    private final ContactProtection phones;

    CustomerRecords(JdbcClient jdbc, ContactProtection phones) {
        this.jdbc = jdbc;
        this.phones = phones;
    }

    private static CustomerRecord customer(ResultSet rs, int n) throws SQLException {
        // read as an Integer: wasNull() after a later column would report that column (issue 8: a capacity never
        // given came back as 0, and an edit wrote the 0 back)
        Integer kva = rs.getObject("contracted_kva", Integer.class);
        Integer demand = rs.getObject("contracted_demand_kw", Integer.class);
        Integer household = rs.getObject("household_size", Integer.class);
        return new CustomerRecord(
                rs.getLong("id"),
                new BranchId(rs.getLong("branch_id")),
                CustomerClass.valueOf(rs.getString("customer_class")),
                CustomerKind.valueOf(rs.getString("kind")),
                rs.getString("name"),
                rs.getBytes("id_number_enc"),
                kva,
                demand,
                household,
                rs.getString("status"));
    }

    static final String ACCOUNT_COLUMNS = """
            a.id, a.account_number, a.customer_id, c.customer_class, a.account_name, a.address, a.branch_id,
            a.tariff_category, a.status, a.opened_on""";

    static SupplyAccountView account(ResultSet rs, int n) throws SQLException {
        return new SupplyAccountView(
                rs.getLong("id"),
                rs.getString("account_number"),
                rs.getLong("customer_id"),
                CustomerClass.valueOf(rs.getString("customer_class")),
                rs.getString("account_name"),
                rs.getString("address"),
                new BranchId(rs.getLong("branch_id")),
                rs.getString("tariff_category"),
                rs.getString("status"),
                rs.getObject("opened_on", LocalDate.class));
    }

    public Optional<CustomerRecord> customer(long id) {
        return jdbc.sql("select * from customer.customer where id = ?")
                .param(id)
                .query(CustomerRecords::customer)
                .optional();
    }

    public Optional<CustomerRecord> customerForUpdate(long id) {
        return jdbc.sql("select * from customer.customer where id = ? for update")
                .param(id)
                .query(CustomerRecords::customer)
                .optional();
    }

    public List<CustomerRecord> customers(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return jdbc.sql("select * from customer.customer where id = any(?) order by id")
                .param(ids.toArray(Long[]::new))
                .query(CustomerRecords::customer)
                .list();
    }

    public List<ContactRecord> contacts(long customerId) {
        return jdbc.sql("select * from customer.contact where customer_id = ? order by role, id")
                .param(customerId)
                .query((rs, n) -> new ContactRecord(
                        rs.getLong("id"),
                        rs.getLong("customer_id"),
                        ContactRole.valueOf(rs.getString("role")),
                        rs.getString("name"),
                        phones.decrypt(rs.getBytes("phone_enc")),
                        phones.openEmail(rs.getBytes("email_enc"))))
                .list();
    }

    public List<SupplyAccountView> accountsOfCustomer(long customerId) {
        return jdbc.sql(
                        "select " + ACCOUNT_COLUMNS + " from customer.supply_account a"
                                + " join customer.customer c on c.id = a.customer_id where a.customer_id = ? order by a.account_number")
                .param(customerId)
                .query(CustomerRecords::account)
                .list();
    }

    /** An account with what a list needs to show it: its customer and whether that is a person. */
    public record AccountLine(SupplyAccountView account, CustomerKind kind) {}

    public List<AccountLine> accountLines(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return jdbc.sql("select " + ACCOUNT_COLUMNS + ", c.kind from customer.supply_account a"
                        + " join customer.customer c on c.id = a.customer_id where a.id = any(?) order by a.id")
                .param(ids.toArray(Long[]::new))
                .query((rs, n) -> new AccountLine(account(rs, n), CustomerKind.valueOf(rs.getString("kind"))))
                .list();
    }

    public Optional<SupplyAccountView> account(long id) {
        return jdbc.sql("select " + ACCOUNT_COLUMNS + " from customer.supply_account a"
                        + " join customer.customer c on c.id = a.customer_id where a.id = ?")
                .param(id)
                .query(CustomerRecords::account)
                .optional();
    }

    public Optional<SupplyAccountView> accountByNumber(String number) {
        return jdbc.sql("select " + ACCOUNT_COLUMNS + " from customer.supply_account a"
                        + " join customer.customer c on c.id = a.customer_id where a.account_number = ?")
                .param(number == null ? "" : number.strip())
                .query(CustomerRecords::account)
                .optional();
    }

    public Optional<Long> groupParent(long customerId) {
        return jdbc.sql("select parent_customer_id from customer.group_link where child_customer_id = ? limit 1")
                .param(customerId)
                .query(Long.class)
                .optional();
    }

    public List<Long> groupChildren(long customerId) {
        return jdbc.sql("select child_customer_id from customer.group_link where parent_customer_id = ? order by 1")
                .param(customerId)
                .query(Long.class)
                .list();
    }

    public long insertCustomer(
            BranchId branch,
            CustomerClass cls,
            CustomerKind kind,
            String name,
            byte[] idSealed,
            byte[] idHash,
            Integer kva,
            Integer demandKw,
            Integer householdSize) {
        return jdbc.sql("""
                        insert into customer.customer (branch_id, customer_class, kind, name, id_number_enc, id_number_hash,
                                                       contracted_kva, contracted_demand_kw, household_size)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(branch.value(), cls.name(), kind.name(), name, idSealed, idHash, kva, demandKw, householdSize)
                .query(Long.class)
                .single();
    }

    public void updateCustomer(
            long id,
            CustomerClass cls,
            CustomerKind kind,
            String name,
            byte[] idSealed,
            byte[] idHash,
            Integer kva,
            Integer demandKw,
            Integer householdSize) {
        jdbc.sql("""
                        update customer.customer set customer_class = ?, kind = ?, name = ?, id_number_enc = ?,
                               id_number_hash = ?, contracted_kva = ?, contracted_demand_kw = ?, household_size = ?
                         where id = ?""")
                .params(cls.name(), kind.name(), name, idSealed, idHash, kva, demandKw, householdSize, id)
                .update();
    }

    public long insertAccount(
            long customerId, String accountName, String address, BranchId branch, String tariff, LocalDate openedOn) {
        return jdbc.sql("""
                        insert into customer.supply_account (account_number, customer_id, account_name, address, branch_id,
                                                             tariff_category, opened_on)
                        values ('5' || lpad(nextval('customer.account_number_seq')::text, 9, '0'), ?, ?, ?, ?, ?, ?)
                        returning id""")
                .params(customerId, accountName, address, branch.value(), tariff, openedOn)
                .query(Long.class)
                .single();
    }

    public void insertContact(long customerId, ContactRole role, String name, String phone, String email) {
        jdbc.sql(
                        "insert into customer.contact (customer_id, role, name, phone_enc, phone_hash, email_enc) values (?, ?, ?, ?, ?, ?)")
                .params(
                        customerId,
                        role.name(),
                        name,
                        phones.encrypt(phone),
                        phones.lookupHash(phone),
                        phones.sealEmail(email))
                .update();
    }

    /** Sets the owner's phone and e-mail, adding an owner contact when there is none. */
    public void upsertOwnerContact(long customerId, String name, String phone, String email) {
        int updated = jdbc.sql("""
                        update customer.contact set name = ?, phone_enc = ?, phone_hash = ?, email_enc = ?
                        where id = (select id from customer.contact where customer_id = ? and role = 'OWNER' order by id limit 1)""")
                .params(name, phones.encrypt(phone), phones.lookupHash(phone), phones.sealEmail(email), customerId)
                .update();
        if (updated == 0) insertContact(customerId, ContactRole.OWNER, name, phone, email);
    }

    public void updateOwnerPhone(long customerId, String phone) {
        int updated = jdbc.sql("""
                        update customer.contact set phone_enc = ?, phone_hash = ?
                        where id = (select id from customer.contact where customer_id = ? and role = 'OWNER' order by id limit 1)""")
                .params(phones.encrypt(phone), phones.lookupHash(phone), customerId)
                .update();
        if (updated == 0) {
            String name = customer(customerId).map(CustomerRecord::name).orElse("");
            insertContact(customerId, ContactRole.OWNER, name, phone, null);
        }
    }

    /** Sets the owner's e-mail address (sealed), adding an owner contact when there is none. */
    public void updateOwnerEmail(long customerId, String email) {
        int updated = jdbc.sql("""
                        update customer.contact set email_enc = ?
                        where id = (select id from customer.contact where customer_id = ? and role = 'OWNER' order by id limit 1)""").params(phones.sealEmail(email), customerId).update();
        if (updated == 0) {
            String name = customer(customerId).map(CustomerRecord::name).orElse("");
            insertContact(customerId, ContactRole.OWNER, name, null, email);
        }
    }

    /**
     * One page of the customers matching a search among those the branches may see (null: all branches).
     *
     * @param hits a SQL query yielding column {@code id} (customer ids), with named parameters in {@code params}
     */
    public List<Summary> search(
            String hits, java.util.Map<String, Object> params, Collection<Long> branches, int page, int size) {
        var all = new java.util.HashMap<>(params);
        all.put("branches", branches == null ? null : branches.toArray(Long[]::new));
        all.put("limit", size);
        all.put("offset", (long) page * size);
        return jdbc.sql("with hits as (" + hits + ") select c.*,"
                        + " (select array_agg(a.account_number order by a.account_number) from customer.supply_account a"
                        + "   where a.customer_id = c.id and (cast(:branches as bigint[]) is null"
                        + "   or a.branch_id = any(cast(:branches as bigint[])))) as numbers,"
                        + " (select phone_enc from customer.contact k where k.customer_id = c.id order by (k.role = 'OWNER') desc,"
                        + "   k.id limit 1) as phone"
                        + " from customer.customer c where c.id in (select id from hits) and " + VISIBLE
                        + " order by c.id limit :limit offset :offset")
                .params(all)
                .query((rs, n) -> {
                    java.sql.Array numbers = rs.getArray("numbers");
                    List<String> list = numbers == null ? List.of() : List.of((String[]) numbers.getArray());
                    return new Summary(
                            rs.getLong("id"),
                            new BranchId(rs.getLong("branch_id")),
                            CustomerClass.valueOf(rs.getString("customer_class")),
                            CustomerKind.valueOf(rs.getString("kind")),
                            rs.getString("name"),
                            list,
                            phones.decrypt(rs.getBytes("phone")));
                })
                .list();
    }

    public long countSearch(String hits, java.util.Map<String, Object> params, Collection<Long> branches) {
        var all = new java.util.HashMap<>(params);
        all.put("branches", branches == null ? null : branches.toArray(Long[]::new));
        return jdbc.sql("with hits as (" + hits + ") select count(*) from customer.customer c"
                        + " where c.id in (select id from hits) and " + VISIBLE)
                .params(all)
                .query(Long.class)
                .single();
    }

    /** A customer is visible to a branch that registered it or holds one of its accounts. */
    static final String VISIBLE = """
            (cast(:branches as bigint[]) is null or c.branch_id = any(cast(:branches as bigint[]))
             or exists (select 1 from customer.supply_account v where v.customer_id = c.id
                        and v.branch_id = any(cast(:branches as bigint[]))))""";

    // ---- portal ----

    public List<SupplyAccountView> portalAccounts(long userId) {
        return jdbc.sql("select " + ACCOUNT_COLUMNS + " from customer.supply_account a"
                        + " join customer.customer c on c.id = a.customer_id where a.id in (" + PORTAL_VISIBLE + ")"
                        + " order by a.account_number")
                .param("user", userId)
                .query(CustomerRecords::account)
                .list();
    }

    /** A portal user's account with its customer's kind and whether the user bound it (or sees it through a group). */
    public record PortalLine(SupplyAccountView account, CustomerKind kind, boolean bound) {}

    /** The portal's account list in one query (issue #8: it made two more queries per account). */
    public List<PortalLine> portalLines(long userId) {
        return jdbc.sql("select " + ACCOUNT_COLUMNS + ", c.kind, exists (select 1 from customer.portal_binding pb"
                        + " where pb.user_id = :user and pb.supply_account_id = a.id) as bound"
                        + " from customer.supply_account a join customer.customer c on c.id = a.customer_id"
                        + " where a.id in (" + PORTAL_VISIBLE + ") order by a.account_number")
                .param("user", userId)
                .query((rs, n) -> new PortalLine(
                        account(rs, n), CustomerKind.valueOf(rs.getString("kind")), rs.getBoolean("bound")))
                .list();
    }

    /** Bound accounts, and all accounts of the subsidiaries of a group whose own account is bound (PAY-8). */
    static final String PORTAL_VISIBLE = """
            select b.supply_account_id from customer.portal_binding b where b.user_id = :user
            union
            select s.id from customer.portal_binding b
              join customer.supply_account p on p.id = b.supply_account_id
              join customer.group_link g on g.parent_customer_id = p.customer_id
              join customer.supply_account s on s.customer_id = g.child_customer_id
            where b.user_id = :user""";

    public boolean portalMaySee(long userId, long accountId) {
        return jdbc.sql("select exists (select 1 from (" + PORTAL_VISIBLE + ") v where v.supply_account_id = :account)")
                .param("user", userId)
                .param("account", accountId)
                .query(Boolean.class)
                .single();
    }

    public boolean isBound(long userId, long accountId) {
        return jdbc.sql(
                        "select exists (select 1 from customer.portal_binding where user_id = ? and supply_account_id = ?)")
                .params(userId, accountId)
                .query(Boolean.class)
                .single();
    }

    public void bind(long userId, long accountId, java.time.Instant at) {
        jdbc.sql("""
                        insert into customer.portal_binding (user_id, supply_account_id, bound_at) values (?, ?, ?)
                        on conflict do nothing""").params(userId, accountId, java.sql.Timestamp.from(at)).update();
    }

    public int unbind(long userId, long accountId) {
        return jdbc.sql("delete from customer.portal_binding where user_id = ? and supply_account_id = ?")
                .params(userId, accountId)
                .update();
    }

    public void prebind(String phone, long accountId) {
        jdbc.sql(
                        "insert into customer.portal_prebinding (phone_hash, supply_account_id) values (?, ?) on conflict do nothing")
                .params(phones.lookupHash(phone), accountId)
                .update();
    }

    public List<Long> takePrebindings(String phone) {
        byte[] hash = phones.lookupHash(phone);
        if (hash == null) return List.of();
        return jdbc.sql("delete from customer.portal_prebinding where phone_hash = ? returning supply_account_id")
                .param(hash)
                .query(Long.class)
                .list();
    }
}
