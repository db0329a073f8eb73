package io.gridhall.billing.internal.rating;

import io.gridhall.billing.internal.rating.Usage.AccountFacts;
import io.gridhall.billing.internal.rating.Usage.CapacityChange;
import io.gridhall.billing.internal.rating.Usage.MeterSegment;
import io.gridhall.billing.internal.rating.Usage.RegisterSnapshot;
import io.gridhall.shared.Kwh;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Test fixtures: usage as the billing run would assemble it. */
final class Usages {

    private Usages() {}

    static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }

    static long hundredths(String kwh) {
        return new BigDecimal(kwh).movePointRight(2).longValueExact();
    }

    /** A register snapshot with the total only (kWh as printed), ACTUAL. */
    static RegisterSnapshot read(String day, String total) {
        return new RegisterSnapshot(day(day), hundredths(total), null, null, null, null, null, null, "ACTUAL");
    }

    static RegisterSnapshot read(String day, String total, String quality) {
        return new RegisterSnapshot(day(day), hundredths(total), null, null, null, null, null, null, quality);
    }

    /** Total and T1..T4 (null for a register the meter lacks). */
    static RegisterSnapshot touRead(String day, String total, String t1, String t2, String t3, String t4) {
        return new RegisterSnapshot(day(day), hundredths(total), h(t1), h(t2), h(t3), h(t4), null, null, "ACTUAL");
    }

    static RegisterSnapshot withReactive(RegisterSnapshot r, String q1, String q2) {
        return new RegisterSnapshot(r.day(), r.total(), r.t1(), r.t2(), r.t3(), r.t4(), h(q1), h(q2), r.quality());
    }

    private static Long h(String kwh) {
        return kwh == null ? null : hundredths(kwh);
    }

    static MeterSegment segment(long meterId, RegisterSnapshot start, RegisterSnapshot end) {
        return new MeterSegment(meterId, "ASSET" + meterId, 1, start, end, null);
    }

    static MeterSegment segment(long meterId, int multiplier, RegisterSnapshot start, RegisterSnapshot end) {
        return new MeterSegment(meterId, "ASSET" + meterId, multiplier, start, end, null);
    }

    /** A residential account: tier year from {@code tierYearStart}, {@code usedBefore} kWh counted so far. */
    static AccountFacts household(String tierYearStart, String usedBefore) {
        return new AccountFacts(
                1,
                "RESIDENTIAL_TIERED",
                tierYearStart == null ? null : day(tierYearStart),
                Kwh.of(usedBefore),
                3,
                null,
                null,
                List.of(),
                null);
    }

    static AccountFacts household(
            String tierYearStart, String usedBefore, int persons, String movedIn, String movedOut) {
        return new AccountFacts(
                1,
                "RESIDENTIAL_TIERED",
                tierYearStart == null ? null : day(tierYearStart),
                Kwh.of(usedBefore),
                persons,
                null,
                null,
                List.of(),
                movedIn == null ? null : day(movedIn),
                movedOut == null ? null : day(movedOut));
    }

    static AccountFacts factory(String capacityKva, String contractedKw, List<CapacityChange> paused) {
        return new AccountFacts(
                2,
                "LARGE_INDUSTRIAL_TWO_PART",
                null,
                Kwh.ZERO,
                0,
                capacityKva == null ? null : new BigDecimal(capacityKva),
                contractedKw == null ? null : new BigDecimal(contractedKw),
                paused,
                null);
    }

    /** One meter, total register only, over {@code from..to}, with {@code kwh} used. */
    static Usage simple(String from, String to, String kwh, AccountFacts facts) {
        LocalDate a = day(from);
        return new Usage(
                a,
                day(to),
                List.of(segment(
                        7,
                        read(a.minusDays(1).toString(), "1000"),
                        read(to, new BigDecimal("1000").add(new BigDecimal(kwh)).toPlainString()))),
                facts);
    }
}
