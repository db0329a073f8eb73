package io.gridhall.outage;

import io.gridhall.grid.ServiceArea;
import java.time.Duration;

/**
 * The repair service commitment (供电服务“十项承诺”): a crew arrives within 45 minutes of the report in cities, 90 in
 * the countryside and 120 in remote areas.
 */
public final class ServiceCommitment {

    private ServiceCommitment() {}

    public static Duration arrivalWithin(ServiceArea area) {
        return switch (area) {
            case CITY -> Duration.ofMinutes(45);
            case COUNTRYSIDE -> Duration.ofMinutes(90);
            case REMOTE -> Duration.ofMinutes(120);
        };
    }
}
