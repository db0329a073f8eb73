package io.gridhall.outage;

/** What a repair crew can work on; a job needs one skill. */
public enum CrewSkill {
    /** 0.4 kV: service lines, meter boxes, low-voltage feeders. */
    LOW_VOLTAGE,
    /** 10 kV lines and transformers. */
    MEDIUM_VOLTAGE,
    CABLE,
    METER
}
