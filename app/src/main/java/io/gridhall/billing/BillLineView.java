package io.gridhall.billing;

import io.gridhall.shared.Money;
import java.math.BigDecimal;

/**
 * One line of a bill, rounded once to the fen.
 *
 * @param code what the line charges, stable and translated by the pages: ENERGY_TIER1..3, TOU_SHARP, TOU_PEAK,
 *     TOU_FLAT, TOU_VALLEY, TOU_DEEP_VALLEY, TIER_INCREMENT_2/3, BASIC_CAPACITY, BASIC_DEMAND, BASIC_DEMAND_EXCESS,
 *     PF_ADJUSTMENT, FUND_* (one per fund), LIGHTING, ... as the rating engine names them
 * @param quantity kWh, kVA, kW or a percentage, in {@code unit}
 * @param unit KWH, KVA_MONTH, KW_MONTH, PERCENT, YUAN
 * @param price yuan per unit at scale 6 (null for percentage lines)
 */
public record BillLineView(
        int lineNo,
        String code,
        BigDecimal quantity,
        String unit,
        BigDecimal price,
        Money amount,
        LineExplanation explanation) {}
