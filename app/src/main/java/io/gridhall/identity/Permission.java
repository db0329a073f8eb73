package io.gridhall.identity;

/** What a member of staff may do; roles grant sets of these. */
public enum Permission {
    CUSTOMER_READ,
    CUSTOMER_WRITE,
    /** See phone, ID number, name and address in full; needs a reason and is audited. */
    PERSONAL_DATA_UNMASK,
    TOPOLOGY_READ,
    TOPOLOGY_WRITE,
    METER_READ,
    METER_COMMAND,
    BILLING,
    PAYMENT_COLLECT,
    /** Approve or reject what a clerk asked for with money (a penalty waiver, a refund): never one's own request. */
    PAYMENT_APPROVE,
    SERVICE_DESK,
    REPAIR_DISPATCH,
    INSPECTION,
    STAFF_ADMIN,
    AUDIT_READ,
    /** Read metrics, health details and the API description (also a scraper with the monitoring token). */
    MONITORING,
    /** See every branch, not only one's own. */
    ALL_BRANCHES
}
