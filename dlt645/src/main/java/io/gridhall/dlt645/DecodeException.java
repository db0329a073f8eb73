package io.gridhall.dlt645;

/**
 * Checked, so that no caller can forget that bytes from a meter or a head-end may be wrong. The
 * typed {@link DecodeError} says what was wrong.
 */
public final class DecodeException extends Exception {

    private final DecodeError error;

    public DecodeException(DecodeError error) {
        super(error.describe(), null, false, false);
        this.error = error;
    }

    public DecodeError error() {
        return error;
    }
}
