package io.gridhall.billing.internal.rating;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A tariff pack, version or holiday calendar year that does not validate: every problem found, each with where it is
 * and its message code (the text comes from the message bundle where the problems are shown).
 */
public class TariffPackException extends RuntimeException {

    private final List<TariffProblem> problems;

    public TariffPackException(List<TariffProblem> problems) {
        super(problems.stream().map(TariffProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<TariffProblem> problems() {
        return problems;
    }
}
