package io.gridhall.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One input a bill line used: a register read (the start or end of a meter's segment), a sum of intervals, or a
 * quantity the tariff or the account fixes (capacity, a fixed lighting quantity).
 *
 * @param kind REGISTER, INTERVAL_SUM, MAX_DEMAND, CAPACITY or FIXED
 * @param meterId the meter, null for account facts
 * @param assetNumber the meter's asset number (资产编号) as printed on it, null for account facts
 * @param day the day whose end the register was frozen at (REGISTER), or the first day of a sum
 * @param register TOTAL, T1..T4, REACTIVE1, REACTIVE2, or the fact's name
 * @param value the value as read (kWh, kvarh, kW, kVA), before the multiplier
 * @param quality ACTUAL, ESTIMATED or EDITED for reads; null for facts
 * @param multiplier CT x PT for reads, 1 otherwise
 */
public record LineSource(
        String kind,
        Long meterId,
        String assetNumber,
        LocalDate day,
        String register,
        BigDecimal value,
        String quality,
        int multiplier) {}
