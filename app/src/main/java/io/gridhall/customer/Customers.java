package io.gridhall.customer;

import io.gridhall.identity.BranchId;
import io.gridhall.identity.UserId;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The customer module's facade for other modules (payment, billing, outage, the demo generator). */
public interface Customers {

    Optional<SupplyAccountView> account(long supplyAccountId);

    Optional<SupplyAccountView> accountByNumber(String accountNumber);

    /**
     * Whether the phone is one kept on the record of the account's customer (the reserved phone, compared by its
     * lookup hash, never in clear): whom an SMS query about the account may be answered to.
     */
    boolean phoneOfAccount(long supplyAccountId, String phone);

    List<SupplyAccountView> accountsOfCustomer(long customerId);

    /**
     * The accounts a portal user may see and pay: the ones they bound, plus every account of the subsidiaries of a
     * group customer whose account they bound (PAY-8).
     */
    List<SupplyAccountView> portalAccounts(UserId user);

    /**
     * The portal users bound to any of these accounts (directly, not through a group), distinct and ascending: whom to
     * tell about something that happens to the accounts (an outage). Set-based: one query per 50,000 accounts.
     */
    long[] portalUsersOfAccounts(long[] supplyAccountIds);

    /**
     * The phone kept on the record of each customer of these accounts to whose accounts no portal user is bound (the
     * owner's first, then the contact added first): whom to tell by SMS what portal users hear in their own channels
     * (an outage). Set-based: one query per 50,000 accounts, each answer handed over at once; a customer with accounts
     * in two slices may come twice. Customers without a phone are left out.
     */
    void reservedPhonesOfUnboundCustomers(long[] supplyAccountIds, Consumer<List<ReservedPhone>> slice);

    /** A customer's phone, in clear for the message that is about to go to it: never logged nor kept in clear. */
    record ReservedPhone(long customerId, String phone) {
        @Override
        public String toString() {
            return "ReservedPhone[customerId=" + customerId + ", phone=***]";
        }
    }

    /** Binds an account to a portal user without verification: counter staff and the demo only. */
    void bind(UserId user, long supplyAccountId);

    /** Keeps a binding for whoever signs in to the portal with this phone; see {@link #claimPrebindings}. */
    void prebind(String phone, long supplyAccountId);

    /** Turns the bindings waiting for this phone into bindings of the user; returns how many. */
    int claimPrebindings(UserId user, String phone);

    /** Many accounts in one query, in id order; unknown ids are absent (billing runs, one chunk at a time). */
    List<SupplyAccountView> accounts(Collection<Long> supplyAccountIds);

    /** The ids of the branch's accounts that are not CLOSED, in id order: what a billing run bills. */
    List<Long> billableAccountIds(BranchId branch);

    /**
     * The contracted capacity and demand and the household size of each account's customer, keyed by account id, in
     * one query; unknown accounts are absent (billing runs, one chunk at a time).
     */
    Map<Long, SupplyTerms> supplyTerms(Collection<Long> supplyAccountIds);

    /** The class of each account's customer, keyed by account id; unknown accounts are absent. */
    Map<Long, CustomerClass> classesOfAccounts(Collection<Long> supplyAccountIds);

    long countCustomers();

    /** Rows per table, for the demo's summary. */
    Map<String, Long> counts();

    // ---- bulk import (the demo generator, data migration): COPY, ids taken from the allocate methods ----

    long[] allocateCustomerIds(int n);

    long[] allocateAccountIds(int n);

    /** Inserts the batch with COPY in one transaction; ID numbers are encrypted and hashed on the way in. */
    void importRows(ImportBatch batch);

    record CustomerRow(
            long id,
            BranchId branchId,
            CustomerClass customerClass,
            CustomerKind kind,
            String name,
            String idNumber,
            Integer contractedKva,
            Integer contractedDemandKw,
            Integer householdSize) {

        /** A customer without a contracted demand or a known household size. */
        public CustomerRow(
                long id,
                BranchId branchId,
                CustomerClass customerClass,
                CustomerKind kind,
                String name,
                String idNumber,
                Integer contractedKva) {
            this(id, branchId, customerClass, kind, name, idNumber, contractedKva, null, null);
        }
    }

    record AccountRow(
            long id,
            String accountNumber,
            long customerId,
            String accountName,
            String address,
            BranchId branchId,
            String tariffCategory,
            LocalDate openedOn) {}

    record ContactRow(long customerId, ContactRole role, String name, String phone, String email) {}

    record GroupLinkRow(long parentCustomerId, long childCustomerId) {}

    record ImportBatch(
            List<CustomerRow> customers,
            List<AccountRow> accounts,
            List<ContactRow> contacts,
            List<GroupLinkRow> groupLinks) {

        public ImportBatch {
            customers = List.copyOf(customers);
            accounts = List.copyOf(accounts);
            contacts = List.copyOf(contacts);
            groupLinks = List.copyOf(groupLinks);
        }
    }
}
