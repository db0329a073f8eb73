package io.gridhall.simulator;

import java.math.BigDecimal;

/**
 * Customer classes with their load shapes. Hourly watts are for an average meter of the class; a
 * meter scales them by its own seeded size. Numbers are plausible, not measured.
 */
public enum CustomerClass {
    RESIDENTIAL(false, "0.95", "0.33", 500, 20_000),
    COMMERCIAL(true, "0.92", "0.43", 5_000, 200_000),
    INDUSTRIAL(true, "0.88", "0.54", 20_000, 200_000),
    AGRICULTURAL(false, "0.85", "0.62", 100, 30_000);

    /** Whether the meter measures three phases; single-phase meters report B and C as zero. */
    public final boolean threePhase;
    /** Typical power factor. */
    public final BigDecimal powerFactor;
    /** tan(phi) at that power factor: reactive energy per unit of active energy. */
    public final BigDecimal reactiveRatio;
    /** Range of the register reading at the register origin, kWh. */
    final int initialKwhMin;

    final int initialKwhMax;

    CustomerClass(boolean threePhase, String powerFactor, String reactiveRatio, int initialKwhMin, int initialKwhMax) {
        this.threePhase = threePhase;
        this.powerFactor = new BigDecimal(powerFactor);
        this.reactiveRatio = new BigDecimal(reactiveRatio);
        this.initialKwhMin = initialKwhMin;
        this.initialKwhMax = initialKwhMax;
    }

    /** Average watts drawn during {@code hour} (0..23). */
    int hourlyWatts(int hour, boolean weekend, Season season) {
        return switch (this) {
            case RESIDENTIAL -> {
                int w;
                if (hour < 6) {
                    w = 150;
                } else if (hour < 9) {
                    w = weekend ? 350 : 600;
                } else if (hour < 17) {
                    w = weekend ? 450 : 250;
                } else if (hour < 22) {
                    w = 900;
                } else {
                    w = 400;
                }
                // Air conditioning in summer afternoons and evenings, heating in winter evenings.
                if (season == Season.SUMMER && hour >= 12) {
                    w = w * 160 / 100;
                } else if (season == Season.WINTER && (hour >= 17 || hour < 7)) {
                    w = w * 130 / 100;
                }
                yield w;
            }
            case COMMERCIAL -> {
                int w = hour >= 8 && hour < 21 ? 6_000 : 800;
                if (weekend) {
                    w = w * 85 / 100;
                }
                if (season == Season.SUMMER && hour >= 10 && hour < 20) {
                    w = w * 140 / 100;
                }
                yield w;
            }
            case INDUSTRIAL -> {
                // Sized so that the largest seeded plant stays inside XX.XXXX kW: a low-voltage meter
                // (or the secondary side of a CT meter) sees values of this order.
                int w = hour >= 8 && hour < 18 ? 40_000 : 18_000;
                // Many plants shift load to the valley hours where the tariff rewards it.
                if (hour >= 23 || hour < 7) {
                    w = 25_000;
                }
                yield weekend ? w / 2 : w;
            }
            case AGRICULTURAL -> {
                // Irrigation pumps run by day in the growing season.
                int w = 200;
                if (season == Season.SUMMER && hour >= 6 && hour < 18) {
                    w = 6_000;
                } else if (season == Season.SHOULDER && hour >= 7 && hour < 16) {
                    w = 2_000;
                }
                yield w;
            }
        };
    }

    /** Average watts exported during {@code hour}: industrial sites with rooftop PV at noon. */
    int hourlyExportWatts(int hour, Season season) {
        if (this != INDUSTRIAL || hour < 10 || hour >= 15) {
            return 0;
        }
        return season == Season.WINTER ? 1_000 : 3_000;
    }

    enum Season {
        WINTER,
        SHOULDER,
        SUMMER;

        static Season of(int month) {
            return switch (month) {
                case 12, 1, 2 -> WINTER;
                case 6, 7, 8 -> SUMMER;
                default -> SHOULDER;
            };
        }
    }
}
