package io.gridhall.identity;

import java.io.Serializable;

/** An organisation unit that owns customers and equipment: a supply branch (供电所) or the company. */
public record BranchId(long value) implements Serializable {}
