package io.gridhall.metering.internal;

import java.util.List;

/**
 * Where each meter sits (branch, transformer area) for collection rates and comparisons. Answered
 * from the enrolled meters today; the grid's topology is the source of truth behind enrolment.
 */
public interface MeterPlaces {

    record Place(long meterId, Long branchId, Long areaId, String customerClass) {}

    List<Place> activeMeters();
}
