package io.gridhall.dlt645;

import java.util.ArrayList;
import java.util.List;

/**
 * What a data identifier carries: {@code count} values of one format. Block identifiers (a byte
 * FF, e.g. 02 01 FF 00 for the three phase voltages) have {@code count > 1}.
 */
public record DataItem(DataIdentifier id, String name, DataFormat format, String unit, int count) {

    public DataItem {
        if (id == null || name == null || format == null || unit == null || count < 1) {
            throw new IllegalArgumentException("incomplete data item " + id);
        }
    }

    public boolean isBlock() {
        return count > 1;
    }

    /** Bytes of all values together. */
    public int length() {
        return format.length() * count;
    }

    /** Decodes exactly {@link #length()} bytes. */
    public List<DataValue> decode(byte[] bytes) throws DecodeException {
        if (bytes.length != length()) {
            throw new DecodeException(new DecodeError.BadLength("data of " + id, length(), bytes.length));
        }
        List<DataValue> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(format.decode(bytes, i * format.length()));
        }
        return List.copyOf(values);
    }

    /** Encodes exactly {@link #count()} values; IllegalArgumentException on count, type or range. */
    public byte[] encode(List<? extends DataValue> values) {
        if (values.size() != count) {
            throw new IllegalArgumentException(id + " has " + count + " values, got " + values.size());
        }
        byte[] out = new byte[length()];
        for (int i = 0; i < count; i++) {
            System.arraycopy(format.encode(values.get(i)), 0, out, i * format.length(), format.length());
        }
        return out;
    }
}
