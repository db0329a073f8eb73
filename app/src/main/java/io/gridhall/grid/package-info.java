/**
 * Supply topology (营配调贯通, INFO-1, OPS-2): branches, substations, 10 kV lines, transformer areas (台区), meter
 * boxes, meters and the metering points that tie a meter to a supply account.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Grid",
        allowedDependencies = {"shared", "identity"})
package io.gridhall.grid;
