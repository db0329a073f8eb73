package io.gridhall.simulator;

import java.math.BigDecimal;
import java.util.List;

/**
 * Energy registers of a meter at one moment, as the meter displays them: kWh or kvarh truncated to
 * two decimals. Each list holds total, T1, T2, T3, T4.
 */
public record Registers(
        List<BigDecimal> forwardActive,
        List<BigDecimal> reverseActive,
        List<BigDecimal> reactive1,
        List<BigDecimal> reactive2) {

    public Registers {
        forwardActive = List.copyOf(forwardActive);
        reverseActive = List.copyOf(reverseActive);
        reactive1 = List.copyOf(reactive1);
        reactive2 = List.copyOf(reactive2);
    }

    public BigDecimal forwardTotal() {
        return forwardActive.get(0);
    }

    public BigDecimal reverseTotal() {
        return reverseActive.get(0);
    }

    /** Combined active energy as most meters configure it: forward plus reverse. */
    public List<BigDecimal> combinedActive() {
        return List.of(
                forwardActive.get(0).add(reverseActive.get(0)),
                forwardActive.get(1).add(reverseActive.get(1)),
                forwardActive.get(2).add(reverseActive.get(2)),
                forwardActive.get(3).add(reverseActive.get(3)),
                forwardActive.get(4).add(reverseActive.get(4)));
    }
}
