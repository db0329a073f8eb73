package io.gridhall.metering.internal;

import io.gridhall.metering.IntervalDay;
import io.gridhall.metering.Quality;
import io.gridhall.metering.RegisterRead;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The validation rules of VEE as pure functions over one meter's data; each finding is an exception to review. */
public final class ValidationRules {

    public enum Type {
        GAP,
        SPIKE,
        DECREASING_REGISTER,
        ZERO_USE,
        SUM_MISMATCH,
        CLOCK_DRIFT,
        CONFLICT,
        /** No actual daily register for the day (an estimate stands in for it if one could be made). */
        MISSING_REGISTER
    }

    public record Finding(long meterId, LocalDate day, Type type, int channel, int slot, Map<String, Object> detail) {}

    /**
     * @param spikeFactor a slot above this many times the meter's highest slot of the last weeks is a spike
     * @param spikeFloor values below this (0.0001 kWh) are never spikes
     * @param zeroDays this many days in a row without use is an exception
     * @param sumToleranceUnits absolute tolerance of interval sum vs register delta (0.0001 kWh)
     * @param sumTolerancePercent relative tolerance (whole percent)
     * @param maxDrift largest accepted difference between the meter's clock and the head-end's
     */
    public record Settings(
            int spikeFactor,
            int spikeFloor,
            int zeroDays,
            long sumToleranceUnits,
            int sumTolerancePercent,
            Duration maxDrift) {

        public static final Settings DEFAULTS = new Settings(3, 5_000, 3, 500, 2, Duration.ofMinutes(5));
    }

    private final Settings settings;

    public ValidationRules(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** Missing slots, or no interval row at all for a meter that should have one. */
    public Optional<Finding> gap(long meterId, LocalDate day, IntervalDay intervals) {
        if (intervals == null) {
            return Optional.of(new Finding(meterId, day, Type.GAP, 1, 0, Map.of("missingSlots", 96)));
        }
        int missing = intervals.count(Quality.MISSING);
        if (missing == 0) return Optional.empty();
        int first = 0;
        while (intervals.quality(first) != Quality.MISSING) first++;
        return Optional.of(new Finding(
                meterId,
                day,
                Type.GAP,
                intervals.channel().code(),
                0,
                Map.of("missingSlots", missing, "firstSlot", first + 1)));
    }

    /** Actual slots far above the meter's own recent maximum. */
    public List<Finding> spikes(IntervalDay intervals, Integer recentMax) {
        List<Finding> found = new ArrayList<>();
        if (intervals == null || recentMax == null || recentMax <= 0) return found;
        long limit = Math.max((long) recentMax * settings.spikeFactor(), settings.spikeFloor());
        for (int s = 0; s < IntervalDay.SLOTS; s++) {
            if (intervals.quality(s) == Quality.ACTUAL && intervals.value(s) > limit) {
                found.add(new Finding(
                        intervals.meterId(),
                        intervals.day(),
                        Type.SPIKE,
                        intervals.channel().code(),
                        s + 1,
                        Map.of("value", intervals.value(s), "recentMax", recentMax)));
            }
        }
        return found;
    }

    public Optional<Finding> decreasing(RegisterRead previous, RegisterRead current) {
        if (previous == null || current == null || previous.total() == null || current.total() == null) {
            return Optional.empty();
        }
        if (current.total() >= previous.total()) return Optional.empty();
        return Optional.of(new Finding(
                current.meterId(),
                current.day(),
                Type.DECREASING_REGISTER,
                0,
                0,
                Map.of("previous", previous.total(), "current", current.total())));
    }

    /**
     * No use for {@code zeroDays} days in a row ending on the last register.
     *
     * @param registers consecutive days in order, ending with the day checked
     */
    public Optional<Finding> zeroUse(List<RegisterRead> registers) {
        int n = settings.zeroDays();
        if (registers.size() < n + 1) return Optional.empty();
        List<RegisterRead> tail = registers.subList(registers.size() - n - 1, registers.size());
        for (int i = 1; i < tail.size(); i++) {
            RegisterRead a = tail.get(i - 1);
            RegisterRead b = tail.get(i);
            if (!b.day().equals(a.day().plusDays(1)) || a.total() == null || b.total() == null) return Optional.empty();
            if (!a.total().equals(b.total())) return Optional.empty();
        }
        RegisterRead last = tail.getLast();
        return Optional.of(new Finding(last.meterId(), last.day(), Type.ZERO_USE, 0, 0, Map.of("days", n)));
    }

    /** A complete day whose intervals do not add up to its register delta. */
    public Optional<Finding> sumMismatch(IntervalDay intervals, RegisterRead previous, RegisterRead current) {
        if (intervals == null
                || previous == null
                || current == null
                || previous.total() == null
                || current.total() == null
                || intervals.count(Quality.MISSING) > 0) {
            return Optional.empty();
        }
        long delta = (current.total() - previous.total()) * 100;
        long sum = intervals.sum();
        long tolerance = Math.max(settings.sumToleranceUnits(), Math.abs(delta) * settings.sumTolerancePercent() / 100);
        if (Math.abs(sum - delta) <= tolerance) return Optional.empty();
        return Optional.of(new Finding(
                intervals.meterId(),
                intervals.day(),
                Type.SUM_MISMATCH,
                intervals.channel().code(),
                0,
                Map.of("intervalSum", sum, "registerDelta", delta)));
    }

    /** The meter's clock differs from the head-end's by more than allowed. */
    public Optional<Finding> clockDrift(RegisterRead read) {
        if (read == null || read.meterTime() == null || read.readAt() == null) return Optional.empty();
        long seconds = Duration.between(read.readAt(), read.meterTime()).toSeconds();
        if (Math.abs(seconds) <= settings.maxDrift().toSeconds()) return Optional.empty();
        return Optional.of(
                new Finding(read.meterId(), read.day(), Type.CLOCK_DRIFT, 0, 0, Map.of("driftSeconds", seconds)));
    }
}
