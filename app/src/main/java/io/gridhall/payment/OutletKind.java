package io.gridhall.payment;

/** Where a customer can pay in person (PAY-6). */
public enum OutletKind {
    /** The utility's own business hall (营业厅). */
    BUSINESS_HALL,
    /** A bank branch that takes electricity payments at its counters (代收银行网点). */
    BANK_BRANCH,
    /** A shop or post office that collects for us (代收点). */
    AGENT,
    /** A self-service payment terminal (自助缴费终端). */
    SELF_SERVICE
}
