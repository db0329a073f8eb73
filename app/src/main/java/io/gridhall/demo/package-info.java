/**
 * The demo utility generator: a deterministic county supply company (branches, topology, customers, staff),
 * loaded through the grid and customer facades with COPY. Active with the Spring profile {@code demo}.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Demo",
        allowedDependencies = {"shared", "identity", "grid", "customer", "notification", "outage", "billing", "payment"
        })
package io.gridhall.demo;
