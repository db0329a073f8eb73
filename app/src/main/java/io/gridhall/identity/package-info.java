/** Customer and staff sign-in, sessions, roles and branch scoping, the service password, the audit log. */
@org.springframework.modulith.ApplicationModule(
        displayName = "Identity",
        allowedDependencies = {"shared", "notification"})
package io.gridhall.identity;
