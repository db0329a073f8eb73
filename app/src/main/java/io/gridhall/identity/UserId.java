package io.gridhall.identity;

import java.io.Serializable;

/** A person who signs in: a customer of the portal or a member of staff. */
public record UserId(long value) implements Serializable {}
