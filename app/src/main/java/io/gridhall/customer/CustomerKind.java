package io.gridhall.customer;

/** A natural person (ID number per GB 11643) or an organisation (unified social credit code). */
public enum CustomerKind {
    PERSON,
    ORGANISATION
}
