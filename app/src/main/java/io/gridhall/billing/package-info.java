/**
 * Billing (抄核收, MR-3, MR-4, PAY-4, PAY-11): the versioned tariff catalogue, the rating engine, billing runs, the
 * automatic bill audit, immutable bills with reversal and rebill, and bill documents.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Billing",
        allowedDependencies = {"shared", "identity", "grid", "customer", "metering", "notification"})
package io.gridhall.billing;
