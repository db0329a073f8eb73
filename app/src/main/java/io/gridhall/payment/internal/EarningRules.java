package io.gridhall.payment.internal;

import io.gridhall.payment.PaymentChannel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The reward points' earning rules (resources {@code payment/points-rules.yaml}, ADR 0015): versions, each from a day
 * on, with points per whole yuan by channel, a bonus for the part that settled bills before their due date, and caps
 * per payment and per year. Integers only; every part rounds down.
 */
record EarningRules(List<Version> versions) {

    record Version(
            int version,
            LocalDate from,
            Map<PaymentChannel, Long> pointsPerYuan,
            long onTimeBonusPercent,
            long maxPerPosting,
            long maxPerYear) {

        /**
         * Points for one account's part of a payment.
         *
         * @param fen what the account received
         * @param onTimeFen the part of it that settled bills before their due date
         * @param earnedThisYear what the account has earned in the calendar year so far (net of points taken back)
         */
        long points(PaymentChannel channel, long fen, long onTimeFen, long earnedThisYear) {
            return Math.max(0, Math.min(beforeYearCap(channel, fen, onTimeFen), maxPerYear - earnedThisYear));
        }

        /**
         * {@link #points} before the cap per year: what the part earns capped per payment only. The ledger's write
         * applies the year's cap itself, in SQL, from what the account earned in the year as read there (ADR 0015,
         * "The ledger's write earns"); {@code PointsInPostingTests} holds the two to the same answers.
         */
        long beforeYearCap(PaymentChannel channel, long fen, long onTimeFen) {
            if (fen <= 0) return 0;
            long rate = pointsPerYuan.getOrDefault(channel, 0L);
            long base = Math.multiplyExact(fen / 100, rate);
            long onTime = Math.clamp(onTimeFen, 0, fen);
            long bonus = Math.multiplyExact(onTime / 100, rate) * onTimeBonusPercent / 100;
            return Math.min(Math.addExact(base, bonus), maxPerPosting);
        }

        /**
         * Whether a share can earn anything, whatever the facts: {@link #points} is zero under a whole yuan (the
         * on-time part is at most the share), through a channel that earns nothing, or with no points per payment.
         */
        boolean canEarn(PaymentChannel channel, long fen) {
            return fen >= 100 && pointsPerYuan.getOrDefault(channel, 0L) > 0 && maxPerPosting > 0;
        }
    }

    EarningRules {
        versions = versions.stream().sorted(Comparator.comparing(Version::from)).toList();
        if (versions.isEmpty()) throw new IllegalArgumentException("no earning rules");
    }

    /** The version in force on the day; before the first, none applies and nothing is earned. */
    Version inForce(LocalDate day) {
        Version found = null;
        for (Version v : versions) if (!v.from().isAfter(day)) found = v;
        return found;
    }

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    static EarningRules read(String yaml) {
        JsonNode root = YAML.readTree(yaml);
        List<Version> versions = new ArrayList<>();
        for (JsonNode v : root.required("versions")) {
            Map<PaymentChannel, Long> rates = new EnumMap<>(PaymentChannel.class);
            v.required("pointsPerYuan").properties().forEach(e -> {
                long rate = whole(e.getValue(), "pointsPerYuan." + e.getKey());
                rates.put(PaymentChannel.valueOf(e.getKey()), rate);
            });
            versions.add(new Version(
                    (int) whole(v.required("version"), "version"),
                    LocalDate.parse(v.required("from").asString()),
                    rates,
                    whole(v.required("onTimeBonusPercent"), "onTimeBonusPercent"),
                    whole(v.required("maxPerPosting"), "maxPerPosting"),
                    whole(v.required("maxPerYear"), "maxPerYear")));
        }
        if (versions.stream().map(Version::version).distinct().count() != versions.size())
            throw new IllegalArgumentException("earning rules: a version number twice");
        return new EarningRules(versions);
    }

    private static long whole(JsonNode n, String what) {
        if (!n.isIntegralNumber() || n.asLong() < 0)
            throw new IllegalArgumentException("earning rules: " + what + " must be a whole number >= 0");
        return n.asLong();
    }
}
