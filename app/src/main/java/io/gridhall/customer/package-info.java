/**
 * Customers, supply accounts (户号), contacts, group and multi-asset links, portal bindings (INFO-2, PAY-8, CRM-2).
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Customer",
        allowedDependencies = {"shared", "identity", "grid", "notification"})
package io.gridhall.customer;
