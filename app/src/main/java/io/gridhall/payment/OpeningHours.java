package io.gridhall.payment;

import io.gridhall.shared.Problem;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An outlet's opening hours, Monday to Sunday. Each day is closed (an empty text) or one or more intervals such as
 * {@code 08:30-12:00,13:30-17:30}; {@code 00:00-24:00} is open all day. Intervals end the day they start.
 */
public record OpeningHours(List<List<Interval>> days) {

    private static final Pattern INTERVAL =
            Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])");

    /** From {@code from} (inclusive) to {@code to} (exclusive); a {@code to} of null is midnight at the day's end. */
    public record Interval(LocalTime from, LocalTime to) {

        boolean contains(LocalTime t) {
            return !t.isBefore(from) && (to == null || t.isBefore(to));
        }

        @Override
        public String toString() {
            return from + "-" + (to == null ? "24:00" : to.toString());
        }
    }

    public OpeningHours {
        if (days == null || days.size() != 7) throw Problem.badRequest("opening-hours-invalid");
        days = days.stream().map(List::copyOf).toList();
    }

    /** Parses seven days' texts, Monday first; anything else is 400 {@code opening-hours-invalid}. */
    public static OpeningHours parse(List<String> week) {
        if (week == null || week.size() != 7) throw Problem.badRequest("opening-hours-invalid");
        List<List<Interval>> days = new ArrayList<>();
        for (String day : week) {
            List<Interval> intervals = new ArrayList<>();
            String text = day == null ? "" : day.strip();
            if (!text.isEmpty())
                for (String part : text.split(",", -1)) {
                    Matcher m = INTERVAL.matcher(part.strip());
                    if (!m.matches()) throw Problem.badRequest("opening-hours-invalid");
                    LocalTime from = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                    int toHour = Integer.parseInt(m.group(3));
                    int toMinute = Integer.parseInt(m.group(4));
                    if (toHour == 24 && toMinute != 0) throw Problem.badRequest("opening-hours-invalid");
                    LocalTime to = toHour == 24 ? null : LocalTime.of(toHour, toMinute);
                    if (to != null && !to.isAfter(from)) throw Problem.badRequest("opening-hours-invalid");
                    if (!intervals.isEmpty()) {
                        LocalTime lastEnd = intervals.getLast().to();
                        if (lastEnd == null || from.isBefore(lastEnd))
                            throw Problem.badRequest("opening-hours-invalid");
                    }
                    intervals.add(new Interval(from, to));
                }
            days.add(intervals);
        }
        return new OpeningHours(days);
    }

    /** Every day the same hours. */
    public static OpeningHours daily(String hours) {
        return parse(List.of(hours, hours, hours, hours, hours, hours, hours));
    }

    /** The seven days' texts, Monday first, as {@link #parse} reads them. */
    public List<String> texts() {
        return days.stream()
                .map(d -> String.join(",", d.stream().map(Interval::toString).toList()))
                .toList();
    }

    public List<Interval> on(DayOfWeek day) {
        return days.get(day.getValue() - 1);
    }

    /** Whether the outlet is open at this local time. */
    public boolean openAt(LocalDateTime when) {
        return on(when.getDayOfWeek()).stream().anyMatch(i -> i.contains(when.toLocalTime()));
    }
}
