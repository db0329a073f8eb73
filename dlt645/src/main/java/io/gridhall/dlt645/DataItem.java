package io.gridhall.dlt645;

import java.util.ArrayList;
import java.util.List;

/**
 * What a data identifier carries: a record of {@code fields}, repeated {@code count} times. Most
 * items are one field once (04 00 04 04 rated voltage: ASCII 6). Block identifiers (a byte FF,
 * e.g. 02 01 FF 00 for the three phase voltages) repeat it ({@code count > 1}); a maximum demand
 * is two fields (XX.XXXX kW, YYMMDDhhmm when it occurred); event records are longer layouts.
 * Values come in wire order: every field of the first repetition, then the second, and so on.
 *
 * @param unit the unit of the first field (later fields are moments, counts or the same unit)
 */
public record DataItem(DataIdentifier id, String name, List<DataFormat> fields, String unit, int count) {

    public DataItem {
        if (id == null || name == null || fields == null || fields.isEmpty() || unit == null || count < 1) {
            throw new IllegalArgumentException("incomplete data item " + id);
        }
        fields = List.copyOf(fields);
    }

    /** {@code count} values of one format. */
    public DataItem(DataIdentifier id, String name, DataFormat format, String unit, int count) {
        this(id, name, List.of(format), unit, count);
    }

    /** The format of the first field: the format of every value for items of one field. */
    public DataFormat format() {
        return fields.getFirst();
    }

    public boolean isBlock() {
        return count > 1;
    }

    /** Number of values decoded: fields times count. */
    public int valueCount() {
        return fields.size() * count;
    }

    /** The format of the {@code i}-th value. */
    public DataFormat formatOf(int i) {
        return fields.get(i % fields.size());
    }

    /** Bytes of all values together. */
    public int length() {
        int record = 0;
        for (DataFormat f : fields) {
            record += f.length();
        }
        return record * count;
    }

    /**
     * Decodes exactly {@link #length()} bytes. A value sent as FF bytes decodes as {@link
     * DataValue.Absent}, so a single-phase meter's three-phase block gives its phase and two absent
     * ones.
     */
    public List<DataValue> decode(byte[] bytes) throws DecodeException {
        if (bytes.length != length()) {
            throw new DecodeException(new DecodeError.BadLength("data of " + id, length(), bytes.length));
        }
        List<DataValue> values = new ArrayList<>(valueCount());
        int offset = 0;
        for (int i = 0; i < valueCount(); i++) {
            DataFormat f = formatOf(i);
            values.add(f.decode(bytes, offset));
            offset += f.length();
        }
        return List.copyOf(values);
    }

    /** Encodes exactly {@link #valueCount()} values; IllegalArgumentException on count, type or range. */
    public byte[] encode(List<? extends DataValue> values) {
        if (values.size() != valueCount()) {
            throw new IllegalArgumentException(id + " has " + valueCount() + " values, got " + values.size());
        }
        byte[] out = new byte[length()];
        int offset = 0;
        for (int i = 0; i < valueCount(); i++) {
            DataFormat f = formatOf(i);
            System.arraycopy(f.encode(values.get(i)), 0, out, offset, f.length());
            offset += f.length();
        }
        return out;
    }
}
