/**
 * Outages and repair (停电/抢修, OUT-*): planned and fault outage notices with their versions, the supply accounts
 * below the named nodes (matched through grid's topology and kept), notices pushed through notification, outage
 * maps. See ADR 0013.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Outage",
        allowedDependencies = {"shared", "identity", "grid", "customer", "notification", "metering"})
package io.gridhall.outage;
