package io.gridhall.customer;

/** Customer categories (CRM-2); tariffs and service rules differ by class. */
public enum CustomerClass {
    RESIDENTIAL,
    COMMERCIAL,
    /** 大工业: two-part tariff on the contracted capacity (kVA), which is therefore required. */
    LARGE_INDUSTRIAL,
    AGRICULTURAL
}
