package io.gridhall.customer;

public enum ContactRole {
    OWNER,
    FINANCIAL,
    ELECTRICIAN
}
