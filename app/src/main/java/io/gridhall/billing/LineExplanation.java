package io.gridhall.billing;

import java.util.List;

/**
 * Where a bill line comes from, so a customer and a clerk can follow it: the tariff version, the formula with its
 * numbers (locale-neutral, for example {@code "2760 kWh × 180/365 = 1361 kWh"} or {@code "120 kWh × 0.538000 =
 * 64.56"}), and the reads it used.
 */
public record LineExplanation(String tariffId, int tariffVersion, String formula, List<LineSource> sources) {

    public LineExplanation {
        sources = List.copyOf(sources);
    }
}
