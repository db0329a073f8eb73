/**
 * Value types and infrastructure every module uses: money, energy, ids, masking of personal data,
 * problem details, the clock and the database.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.gridhall.shared;
