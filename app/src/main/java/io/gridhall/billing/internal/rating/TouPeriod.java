package io.gridhall.billing.internal.rating;

/** The time-of-use periods (分时时段) a tariff can price, in the order bills list them. */
public enum TouPeriod {
    /** 尖峰 critical peak. */
    SHARP,
    /** 高峰 peak. */
    PEAK,
    /** 平段 flat (shoulder). */
    FLAT,
    /** 低谷 valley. */
    VALLEY,
    /** 深谷 deep valley. */
    DEEP_VALLEY
}
