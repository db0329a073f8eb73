package io.gridhall.billing.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gridhall.billing.*} for runs, the automatic audit and issue (the tariff catalogue's settings bind the same
 * prefix elsewhere).
 *
 * @param runs how billing runs are worked
 * @param reads which reads a bill may use
 * @param audit the automatic audit's rules (MR-4)
 * @param issue bill numbers and dates on release
 * @param meterPrograms how campaigns of sending a calendar to meters are handed to metering
 * @param tierYear CALENDAR: the tier year starts on 1 January; ANNIVERSARY: on the anniversary of the day the account
 *     opened
 */
@ConfigurationProperties("gridhall.billing")
public record BillingSettings(
        @DefaultValue Runs runs,
        @DefaultValue Reads reads,
        @DefaultValue Audit audit,
        @DefaultValue Issue issue,
        @DefaultValue MeterPrograms meterPrograms,
        @DefaultValue("ANNIVERSARY") TierYear tierYear) {

    public enum TierYear {
        CALENDAR,
        ANNIVERSARY
    }

    /**
     * @param enabled whether this node works queued runs (every node may: runs are claimed with SKIP LOCKED)
     * @param chunkSize accounts per chunk; a chunk commits its bills and lines at once
     * @param lease how long a worker holds a run without renewing it before another node takes it over
     * @param pollInterval pause between looks for runs to work
     * @param retryAfter after a chunk failed (a database error, a tariff the engine refused), the run is taken up
     *     again after this pause
     * @param maxFailures failures in a row after which the run is FAILED (its last error shown)
     */
    public record Runs(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("500") int chunkSize,
            @DefaultValue("2m") Duration lease,
            @DefaultValue("2s") Duration pollInterval,
            @DefaultValue("30s") Duration retryAfter,
            @DefaultValue("5") int maxFailures) {}

    /**
     * @param chunkSize meters per chunk; a chunk hands its meters to metering in one transaction
     * @param lease how long a node holds a campaign it is enqueueing without renewing it before another takes it up
     * @param retryAfter after a chunk failed, the campaign is taken up again after this pause
     * @param pollInterval pause between looks for campaigns left unfinished (by a crash or a failed chunk)
     */
    public record MeterPrograms(
            @DefaultValue("500") int chunkSize,
            @DefaultValue("2m") Duration lease,
            @DefaultValue("30s") Duration retryAfter,
            @DefaultValue("30s") Duration pollInterval) {}

    /**
     * @param daysBefore when the read of a period's first or last day is missing, the nearest earlier one this many
     *     days back is used (the bill shows its day)
     * @param estimated BILL: bill on estimated reads and say so; HOLD: bill and hold for a clerk
     */
    public record Reads(
            @DefaultValue("3") int daysBefore,
            @DefaultValue("BILL") EstimatedReads estimated) {}

    public enum EstimatedReads {
        BILL,
        HOLD
    }

    /**
     * @param holding the finding codes that hold a bill; other findings are recorded and the bill passes. Two come from
     *     what the rating had to do without: DEMAND_WITHOUT_MAXIMA (a demand tariff's meter recorded no maximum
     *     demand: the basic charge counted 0 kW) and HOLIDAY_CALENDAR_MISSING (intervals of a year with no approved
     *     holiday calendar priced by a schedule that tells holidays apart: holidays counted as ordinary days)
     * @param historyFactor usage above this multiple (or below its inverse) of the account's mean over its last
     *     {@code historyBills} bills is USAGE_FAR_FROM_HISTORY
     * @param historyBills bills of the account's history the mean is taken over
     * @param similarFactor usage above this multiple of the median of the run's accounts on the same tariff (with at
     *     least {@code similarMinimum} of them) is USAGE_FAR_FROM_SIMILAR
     * @param similarMinimum accounts needed to compare with similar ones
     * @param estimatedBills an account billed on estimated reads this many periods in a row is ESTIMATED_TOO_LONG
     * @param largeAmountResidential a residential bill's total above this (yuan) is LARGE_AMOUNT
     * @param largeAmountOther any other bill's total above this (yuan) is LARGE_AMOUNT
     * @param negativeLinesAllowed line codes that may be negative (a power-factor reduction) without NEGATIVE_LINE
     * @param powerFactorMinimum a monthly power factor below this is POWER_FACTOR_OUT_OF_RANGE
     * @param demandFactor a maximum demand above this multiple of the contracted demand is DEMAND_OUT_OF_RANGE
     */
    public record Audit(
            @DefaultValue({
                "USAGE_FAR_FROM_HISTORY",
                "USAGE_FAR_FROM_SIMILAR",
                "ZERO_USAGE",
                "ESTIMATED_TOO_LONG",
                "LARGE_AMOUNT",
                "NEGATIVE_LINE",
                "POWER_FACTOR_OUT_OF_RANGE",
                "DEMAND_OUT_OF_RANGE",
                "TARIFF_DOES_NOT_FIT",
                "READ_DAY_SHIFTED",
                "DEMAND_WITHOUT_MAXIMA",
                "HOLIDAY_CALENDAR_MISSING"
            })
            List<String> holding,

            @DefaultValue("3") BigDecimal historyFactor,
            @DefaultValue("3") int historyBills,
            @DefaultValue("5") BigDecimal similarFactor,
            @DefaultValue("20") int similarMinimum,
            @DefaultValue("3") int estimatedBills,
            @DefaultValue("3000") BigDecimal largeAmountResidential,
            @DefaultValue("500000") BigDecimal largeAmountOther,
            @DefaultValue("PF_ADJUSTMENT") List<String> negativeLinesAllowed,
            @DefaultValue("0.60") BigDecimal powerFactorMinimum,
            @DefaultValue("1.5") BigDecimal demandFactor) {}

    /**
     * @param dueDays the due date is the issue date plus this many days
     */
    public record Issue(@DefaultValue("15") int dueDays) {}
}
