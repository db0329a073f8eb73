package io.gridhall.metering.internal;

import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.Customers;
import io.gridhall.grid.MetersInstalled;
import io.gridhall.metering.MeterEnrolment;
import io.gridhall.metering.MeterReadings;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the head-end's meter list in step with the grid: every meter the grid installs is enrolled, with the class of
 * the customer it meters (for comparisons with similar customers). In the installing transaction, so an import that
 * rolls back leaves no meter behind in metering either.
 */
@Component
class InstalledMeters {

    private final MeterReadings readings;
    private final Customers customers;

    InstalledMeters(MeterReadings readings, Customers customers) {
        this.readings = readings;
        this.customers = customers;
    }

    @EventListener
    void on(MetersInstalled installed) {
        Map<Long, CustomerClass> classes = customers.classesOfAccounts(installed.meters().stream()
                .map(MetersInstalled.Installed::supplyAccountId)
                .filter(Objects::nonNull)
                .toList());
        List<MeterEnrolment> enrolments = installed.meters().stream()
                .map(m -> new MeterEnrolment(
                        m.meterId(),
                        m.commAddress(),
                        m.branchId().value(),
                        m.areaId(),
                        m.supplyAccountId() == null || !classes.containsKey(m.supplyAccountId())
                                ? null
                                : classes.get(m.supplyAccountId()).name(),
                        m.feeControl().name()))
                .toList();
        readings.enrol(enrolments);
    }
}
