package io.gridhall.billing.internal.rating;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One problem of a tariff pack, version or holiday calendar year: where it is ({@code path}, the key path in the YAML
 * or JSON, e.g. {@code version.energy.price}), what it is ({@code code}) and the values its message names. The text is
 * never made here: the reader stays free of locales, and whoever shows the problem resolves {@link Code#key()} with
 * {@code args} from the message bundle ({@code tariff.problem.<code>}) in the reader's language.
 *
 * <p>Arguments are text (numbers as plain digits, never grouped), except a {@link TouPeriod} or {@link DayOfWeek},
 * which the shower names in its language.
 */
public record TariffProblem(String path, Code code, List<Object> args) {

    /** Every problem the reader reports, with how many arguments its message takes. */
    public enum Code {
        /**
         * The text is not JSON or YAML: {0} the line and {1} the column where reading stopped ({@code ?} when the
         * parser did not say). The parser's own words (English) are left out: they are not the reader's language.
         */
        UNREADABLE(2),
        NOT_A_MAPPING(0),
        NOT_A_LIST(0),
        /** {0} the allowed keys. */
        UNKNOWN_KEY(1),
        MISSING(0),
        NOT_TEXT(0),
        NOT_A_NUMBER(0),
        NOT_A_DATE(0),
        NEGATIVE(0),
        NOT_POSITIVE(0),
        TOO_MANY_DECIMALS(0),
        NOT_WHOLE_KWH(0),
        /** {0} the allowed values. */
        NOT_ONE_OF(1),
        NOT_A_PERIOD(0),
        BAD_ID(0),
        BAD_CODE(0),
        BAD_REGION(0),
        USED_TWICE(0),
        TARIFF_ID_TWICE(0),
        /** {0} the category, {1} the region. */
        CATEGORY_TWICE(2),
        SCHEDULE_ID_TWICE(0),
        /** {0} the power-factor standard. */
        TABLE_TWICE(1),
        /** {0} the number the version must have. */
        VERSION_NUMBER(1),
        NO_VALID_VERSION(0),
        ENDS_BEFORE_START(0),
        /** {0} the previous version's effective date. */
        NOT_AFTER_PREVIOUS(1),
        AFTER_AN_END(0),
        /** {0} the lowest allowed value. */
        BELOW_MINIMUM(1),
        PERCENT_RANGE(0),
        VAT_RANGE(0),
        PRICE_OR_PERIODS(0),
        /** {0} the period. */
        REMAINDER_UNPRICED(1),
        /** {0} the period. */
        PERIOD_UNCOUNTED(1),
        /** {0} the period. */
        REGISTER_UNPRICED(1),
        NO_BASE_PRICE(0),
        ONLY_FOR_PERIODS(0),
        /** {0} the schedule id. */
        NO_SCHEDULE(1),
        /** {0} the period. */
        SCHEDULE_PERIOD_UNPRICED(1),
        /** {0} the schedule id. */
        NOT_IN_SCHEDULE(1),
        /** {0} the period. */
        PERIOD_COUNTED_TWICE(1),
        BAD_REGISTER(0),
        BAD_TIER_CYCLE(0),
        SEASONS_NEED_MONTHLY(0),
        NO_THRESHOLD(0),
        NOT_ASCENDING(0),
        /** {0} how many. */
        THRESHOLD_COUNT(1),
        /** {0} how many. */
        QUANTITY_COUNT(1),
        /** {0} how many. */
        INCREMENT_COUNT(1),
        /** {0} how many. */
        PERIOD_INCREMENT_COUNT(1),
        /** {0} the period. */
        PERIOD_NOT_PRICED(1),
        NEEDS_PERIODS(0),
        BAD_PERSONS(0),
        BAD_BASIS(0),
        EXCESS_ONLY_FOR_DEMAND(0),
        /** {0} the power-factor standard. */
        NO_TABLE(1),
        BAD_PF_BASE(0),
        BAD_REACTIVE(0),
        NO_REACTIVE(0),
        FIXED_BOTH(0),
        NOT_A_TABLE(0),
        PF_RANGE(0),
        PF_DECIMALS(0),
        /** {0} the power factor without an entry. */
        PF_GAP(1),
        BAD_MONTH(0),
        /** {0} the month (1 to 12). */
        MONTH_TWICE(1),
        /** {0} the months, {@code 3, 4}. */
        MONTHS_LEFT_OUT(1),
        BAD_SLOT(0),
        SLOT_BACKWARDS(0),
        /** {0} from, {1} to. */
        UNCOVERED(2),
        /** {0} the slot. */
        OVERLAP(1),
        /** {0} how many slots, {1} the most a meter holds. */
        TOO_MANY_SLOTS(2),
        /** {0} the time as written. */
        BAD_TIME(1),
        /** {0} the time as written. */
        OFF_QUARTER(1),
        BAD_WEEKDAY(0),
        LISTED_TWICE(0),
        BAD_YEAR(0),
        BAD_DAY(0),
        RANGE_BACKWARDS(0),
        /** {0} the year. */
        OUTSIDE_YEAR(1),
        RANGE_TOO_LONG(0),
        /** {0} the day. */
        DAY_TWICE(1),
        /** {0} the day. */
        WORKED_DAY_OFF(1),
        /** {0} the day, {1} its day of the week. */
        WORKED_WORKDAY(2);

        private final int arity;

        Code(int arity) {
            this.arity = arity;
        }

        /** How many arguments the message takes. */
        public int arity() {
            return arity;
        }

        /** The message key: {@code tariff.problem.unknown-key}. */
        public String key() {
            return "tariff.problem." + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public TariffProblem {
        if (args.size() != code.arity())
            throw new IllegalArgumentException(code + " takes " + code.arity() + " arguments, not " + args.size());
        args = args.stream().map(TariffProblem::plain).toList();
    }

    public TariffProblem(String path, Code code, Object... args) {
        this(path, code, List.of(args));
    }

    /** The message key of the period's name: {@code tariff.period.PEAK}. */
    public static String periodKey(TouPeriod period) {
        return "tariff.period." + period.name();
    }

    private static Object plain(Object arg) {
        return switch (arg) {
            case TouPeriod p -> p;
            case DayOfWeek d -> d;
            case BigDecimal d -> d.toPlainString();
            case Collection<?> c ->
                c.stream().map(TariffProblem::plain).map(String::valueOf).collect(Collectors.joining(", "));
            default -> String.valueOf(arg);
        };
    }

    /** For logs and tests: {@code version.energy.price: TOO_MANY_DECIMALS} with the arguments in brackets if any. */
    @Override
    public String toString() {
        return path + ": " + code + (args.isEmpty() ? "" : " " + args);
    }
}
