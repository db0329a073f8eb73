package io.gridhall.metering;

/** How a stored value came about; one letter per slot in storage. */
public enum Quality {
    /** Read from the meter or delivered by a collection system. */
    ACTUAL('A'),
    /** Filled in by the estimator; an actual value replaces it when it arrives. */
    ESTIMATED('E'),
    /** Changed by staff with a reason (audited). */
    EDITED('D'),
    /** Nothing known; the value is 0. */
    MISSING('M');

    private final char letter;

    Quality(char letter) {
        this.letter = letter;
    }

    public char letter() {
        return letter;
    }

    public static Quality of(char letter) {
        return switch (letter) {
            case 'A' -> ACTUAL;
            case 'E' -> ESTIMATED;
            case 'D' -> EDITED;
            case 'M' -> MISSING;
            default -> throw new IllegalArgumentException("unknown quality " + letter);
        };
    }
}
