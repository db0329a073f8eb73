package io.gridhall.identity;

import static io.gridhall.identity.Permission.*;

import java.util.EnumSet;
import java.util.Set;

/** Staff roles and the permissions each grants. */
public enum Role {
    COUNTER_CLERK(CUSTOMER_READ, CUSTOMER_WRITE, TOPOLOGY_READ, METER_READ, PAYMENT_COLLECT),
    BILLING_CLERK(CUSTOMER_READ, TOPOLOGY_READ, METER_READ, BILLING),
    SERVICE_AGENT(CUSTOMER_READ, TOPOLOGY_READ, METER_READ, SERVICE_DESK),
    REPAIR_DISPATCHER(CUSTOMER_READ, TOPOLOGY_READ, REPAIR_DISPATCH),
    REPAIR_CREW(TOPOLOGY_READ),
    INSPECTOR(CUSTOMER_READ, TOPOLOGY_READ, METER_READ, INSPECTION),
    BRANCH_MANAGER(
            CUSTOMER_READ,
            CUSTOMER_WRITE,
            PERSONAL_DATA_UNMASK,
            TOPOLOGY_READ,
            TOPOLOGY_WRITE,
            METER_READ,
            METER_COMMAND,
            BILLING,
            PAYMENT_APPROVE,
            SERVICE_DESK,
            REPAIR_DISPATCH,
            INSPECTION),
    ADMINISTRATOR(STAFF_ADMIN, CUSTOMER_READ, TOPOLOGY_READ, TOPOLOGY_WRITE, ALL_BRANCHES, MONITORING),
    AUDITOR(AUDIT_READ, CUSTOMER_READ, TOPOLOGY_READ, ALL_BRANCHES),
    /**
     * Finance (财务): the utility's money across every branch: approves refunds and waivers, reconciles the gateways'
     * bills and the collection agents' files and resolves what they find, reads accounts and their statements.
     */
    FINANCE(CUSTOMER_READ, TOPOLOGY_READ, PAYMENT_APPROVE, ALL_BRANCHES);

    private final Set<Permission> permissions;

    Role(Permission first, Permission... rest) {
        this.permissions = Set.copyOf(EnumSet.of(first, rest));
    }

    public Set<Permission> permissions() {
        return permissions;
    }
}
