package io.gridhall.identity;

/** A person who signs in: a customer of the portal or a member of staff. */
public record UserId(long value) {}
