package io.gridhall.metering.internal;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Meter places from the enrolled meters (metering's projection of the grid). */
@Component
class EnrolledMeterPlaces implements MeterPlaces {

    private final JdbcClient jdbc;

    EnrolledMeterPlaces(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Place> activeMeters() {
        return jdbc.sql("select meter_id, branch_id, area_id, customer_class from metering.meter where active")
                .query(Place.class)
                .list();
    }
}
