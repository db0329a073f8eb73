package io.gridhall.grid;

import io.gridhall.identity.BranchId;
import java.math.BigDecimal;
import java.util.Map;

/**
 * One node of the topology with what hangs below it.
 *
 * @param parent the node above (null for branches)
 * @param details level-specific facts: voltage, capacity and ownership of an area, meter data
 * @param meters meters at or below this node
 * @param accounts distinct supply accounts at or below this node
 */
public record NodeView(
        NodeRef ref,
        BranchId branchId,
        String code,
        String name,
        String status,
        NodeRef parent,
        BigDecimal lat,
        BigDecimal lon,
        Map<String, Object> details,
        long meters,
        long accounts) {}
