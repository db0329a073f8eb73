package io.gridhall.billing.internal.rating;

import java.util.List;

/**
 * The effective-dated versions of one tariff that cover a period, in order: a version change inside the period
 * splits it by days. Built by the tariff catalogue from the tariff pack and the approved versions in the database.
 */
public record TariffSchedule(String tariffId, List<TariffVersion> versions) {

    public TariffSchedule {
        versions = List.copyOf(versions);
        if (versions.isEmpty()) throw new IllegalArgumentException("a schedule needs at least one version");
        for (int i = 0; i < versions.size(); i++) {
            TariffVersion v = versions.get(i);
            if (!v.tariffId().equals(tariffId))
                throw new IllegalArgumentException("version " + v.version() + " belongs to " + v.tariffId());
            if (i > 0) {
                TariffVersion before = versions.get(i - 1);
                if (before.effectiveTo() == null
                        || !before.effectiveTo().plusDays(1).equals(v.effectiveFrom()))
                    throw new IllegalArgumentException("versions " + before.version() + " and " + v.version() + " of "
                            + tariffId + " do not follow each other");
            }
        }
    }

    public static TariffSchedule of(TariffVersion version) {
        return new TariffSchedule(version.tariffId(), List.of(version));
    }

    /** The version in force on {@code day}: the first one before the schedule starts, the last after it ends. */
    public TariffVersion versionOn(java.time.LocalDate day) {
        for (TariffVersion v : versions) if (v.covers(day)) return v;
        return day.isBefore(versions.getFirst().effectiveFrom()) ? versions.getFirst() : versions.getLast();
    }
}
