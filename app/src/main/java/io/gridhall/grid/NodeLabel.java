package io.gridhall.grid;

import io.gridhall.identity.BranchId;

/** What a report needs to name a node: its code and name (a meter box's name is its code). */
public record NodeLabel(NodeRef ref, BranchId branchId, String code, String name) {}
