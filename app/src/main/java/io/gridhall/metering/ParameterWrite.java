package io.gridhall.metering;

import io.gridhall.dlt645.DataIdentifier;
import java.util.Arrays;

/**
 * One parameter write (DL/T 645 0x14) of a programming job: the data identifier, the value as the meter stores it
 * (before the +0x33 of the wire, low byte first as the identifier's format lays it out) and what it sets, for staff.
 * The password and operator code are the head-end's, added when the frame is built.
 */
public record ParameterWrite(DataIdentifier id, byte[] value, String meaning) {

    /** 255 bytes of frame data less the identifier, password and operator code. */
    public static final int MAX_VALUE = 243;

    public ParameterWrite {
        if (id == null || value == null || value.length == 0 || value.length > MAX_VALUE)
            throw new IllegalArgumentException("a write has an identifier and 1 to " + MAX_VALUE + " bytes");
        value = value.clone();
        meaning = meaning == null ? "" : meaning.length() > 300 ? meaning.substring(0, 300) : meaning;
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterWrite w && w.id.equals(id) && Arrays.equals(w.value, value);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Arrays.hashCode(value);
    }
}
