package io.gridhall.metering;

import java.time.LocalDate;

/** A meter and a day: which register read someone wants (the registers frozen at the end of that day). */
public record MeterDay(long meterId, LocalDate day) {}
