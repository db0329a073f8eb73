package io.gridhall.notification;

/** What a message is about; each template has one, and users choose channels per category. */
public enum Category {
    /** Codes, account and security notices: always by SMS, the user cannot turn that off. */
    SERVICE,
    BILLING,
    OUTAGE,
    /** Opt-in only: no channel by default. */
    MARKETING
}
