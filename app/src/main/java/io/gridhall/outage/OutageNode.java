package io.gridhall.outage;

import io.gridhall.grid.NodeType;

/** A node an outage names (substation, line, transformer area or meter box), with its code and name as then. */
public record OutageNode(NodeType type, long id, String code, String name) {}
