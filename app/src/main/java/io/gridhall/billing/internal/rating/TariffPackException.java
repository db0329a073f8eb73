package io.gridhall.billing.internal.rating;

import java.util.List;

/** A tariff pack or version that does not validate: every problem found, each with where it is. */
public class TariffPackException extends RuntimeException {

    private final List<String> problems;

    public TariffPackException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
