/**
 * Smart metering: the DL/T 645 head-end, daily registers and 15-minute intervals, validation and
 * estimation (VEE), collection success rate, remote meter commands and usage analysis.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Metering",
        allowedDependencies = {"shared", "identity", "grid", "customer"})
package io.gridhall.metering;
