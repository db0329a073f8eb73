package io.gridhall.grid;

import io.gridhall.identity.BranchId;
import java.math.BigDecimal;

/** A supply branch (供电所) and the centre of its service area (WGS-84). */
public record BranchView(
        BranchId id, String code, String name, String region, BigDecimal lat, BigDecimal lon, String status) {}
