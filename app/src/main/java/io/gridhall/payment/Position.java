package io.gridhall.payment;

import io.gridhall.shared.Problem;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** A point on the earth in degrees (WGS-84), six decimals (about 0.1 m), as the outlets and the maps use it. */
public record Position(BigDecimal lat, BigDecimal lon) {

    private static final BigDecimal NINETY = BigDecimal.valueOf(90);
    private static final BigDecimal ONE_EIGHTY = BigDecimal.valueOf(180);

    public Position {
        if (lat == null || lon == null) throw Problem.badRequest("position-invalid");
        lat = lat.setScale(6, RoundingMode.HALF_UP);
        lon = lon.setScale(6, RoundingMode.HALF_UP);
        if (lat.abs().compareTo(NINETY) > 0 || lon.abs().compareTo(ONE_EIGHTY) > 0)
            throw Problem.badRequest("position-invalid");
    }

    public static Position of(String lat, String lon) {
        try {
            return new Position(new BigDecimal(lat), new BigDecimal(lon));
        } catch (NumberFormatException e) {
            throw Problem.badRequest("position-invalid");
        }
    }
}
