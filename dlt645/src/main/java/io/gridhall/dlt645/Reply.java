package io.gridhall.dlt645;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/** What a meter answers. */
public sealed interface Reply {

    /** The replying meter's full address. */
    MeterAddress address();

    Frame toFrame();

    /**
     * Data for a read (0x91, or 0xB1 when more follows) or a follow-up read (0x92/0xB2, ending in
     * the sequence byte).
     *
     * @param payload the value bytes after the data identifier
     * @param more D5: the meter has more frames; ask with {@link Request.ReadFollowUp}
     * @param sequence the follow-up sequence byte, present only in replies to 0x12
     */
    record ReadData(MeterAddress address, DataIdentifier id, byte[] payload, boolean more, OptionalInt sequence)
            implements Reply {

        public ReadData {
            payload = payload.clone();
            if (4 + payload.length + (sequence.isPresent() ? 1 : 0) > Frame.MAX_DATA_LENGTH) {
                throw new IllegalArgumentException("read reply too long: " + payload.length);
            }
        }

        public static ReadData of(MeterAddress address, DataItem item, List<? extends DataValue> values) {
            return new ReadData(address, item.id(), item.encode(values), false, OptionalInt.empty());
        }

        public static ReadData of(MeterAddress address, DataItem item, DataValue value) {
            return of(address, item, List.of(value));
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        /** The typed values, using the format the registry knows for {@link #id()}. */
        public List<DataValue> values() throws DecodeException {
            return DataItems.require(id).decode(payload);
        }

        public Frame toFrame() {
            FunctionCode f = sequence.isPresent() ? FunctionCode.READ_FOLLOW_UP : FunctionCode.READ;
            byte[] data = new byte[4 + payload.length + (sequence.isPresent() ? 1 : 0)];
            System.arraycopy(id.toWire(), 0, data, 0, 4);
            System.arraycopy(payload, 0, data, 4, payload.length);
            sequence.ifPresent(s -> data[data.length - 1] = (byte) s);
            return new Frame(address, ControlCode.normalReply(f).withFollowUp(more), data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ReadData r
                    && address.equals(r.address)
                    && id.equals(r.id)
                    && Arrays.equals(payload, r.payload)
                    && more == r.more
                    && sequence.equals(r.sequence);
        }

        @Override
        public int hashCode() {
            return address.hashCode() * 31 + id.hashCode() * 7 + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "ReadData[" + address + " " + id + " " + Hex.format(payload) + (more ? " more" : "")
                    + (sequence.isPresent() ? " seq=" + sequence.getAsInt() : "") + "]";
        }
    }

    /** Reply to 0x13: the meter's address, in the address field and in DATA (0x93). */
    record AddressReply(MeterAddress address) implements Reply {
        public Frame toFrame() {
            return new Frame(address, ControlCode.normalReply(FunctionCode.READ_ADDRESS), address.toWire());
        }
    }

    /** Reply to 0x17 (0x97): the rate the meter will use from now on, sent at the old rate. */
    record BaudRateChanged(MeterAddress address, BaudRate rate) implements Reply {
        public Frame toFrame() {
            return new Frame(address, ControlCode.normalReply(FunctionCode.CHANGE_BAUD_RATE), new byte[] {
                (byte) rate.featureByte()
            });
        }
    }

    /**
     * A normal reply without data, e.g. 0x9C after a control command, 0x96 after a freeze or 0x95
     * after a write address (sent from the new address).
     */
    record Acknowledged(MeterAddress address, FunctionCode function) implements Reply {
        public Frame toFrame() {
            return new Frame(address, ControlCode.normalReply(function));
        }
    }

    /** D6 set: the meter refused; one error-status byte says why. */
    record Abnormal(MeterAddress address, FunctionCode function, int status) implements Reply {
        public Abnormal {
            if (status < 0 || status > 0xFF) {
                throw new IllegalArgumentException("error status is one byte: " + status);
            }
        }

        public static Abnormal of(MeterAddress address, FunctionCode function, Set<ErrorFlag> flags) {
            return new Abnormal(address, function, ErrorFlag.encode(flags));
        }

        public static Abnormal control(MeterAddress address, Set<ControlErrorFlag> flags) {
            return new Abnormal(address, FunctionCode.CONTROL, ControlErrorFlag.encode(flags));
        }

        /** The flags as read, write and most functions define them. */
        public Set<ErrorFlag> errors() {
            return ErrorFlag.decode(status);
        }

        /** The flags of the 0x1C variant; meaningful when {@link #function()} is CONTROL. */
        public Set<ControlErrorFlag> controlErrors() {
            return ControlErrorFlag.decode(status);
        }

        public Frame toFrame() {
            return new Frame(address, ControlCode.abnormalReply(function), new byte[] {(byte) status});
        }
    }

    /** Reads a reply as a head-end does. */
    static Reply parse(Frame frame) throws DecodeException {
        ControlCode c = frame.control();
        if (!c.reply()) {
            throw new DecodeException(new DecodeError.UnexpectedFrame("a request, not a reply: " + c));
        }
        byte[] d = frame.data();
        if (c.abnormal()) {
            if (d.length != 1) {
                throw new DecodeException(new DecodeError.BadLength("abnormal reply", 1, d.length));
            }
            return new Abnormal(frame.address(), c.function(), d[0] & 0xFF);
        }
        return switch (c.function()) {
            case READ -> {
                if (d.length < 4) {
                    throw new DecodeException(new DecodeError.Truncated("read reply", 4, d.length));
                }
                yield new ReadData(
                        frame.address(),
                        DataIdentifier.fromWire(d, 0),
                        Arrays.copyOfRange(d, 4, d.length),
                        c.followUp(),
                        OptionalInt.empty());
            }
            case READ_FOLLOW_UP -> {
                if (d.length < 5) {
                    throw new DecodeException(new DecodeError.Truncated("read follow-up reply", 5, d.length));
                }
                yield new ReadData(
                        frame.address(),
                        DataIdentifier.fromWire(d, 0),
                        Arrays.copyOfRange(d, 4, d.length - 1),
                        c.followUp(),
                        OptionalInt.of(d[d.length - 1] & 0xFF));
            }
            case READ_ADDRESS -> {
                if (d.length != 6) {
                    throw new DecodeException(new DecodeError.BadLength("read address reply", 6, d.length));
                }
                yield new AddressReply(MeterAddress.fromWire(d, 0));
            }
            case CHANGE_BAUD_RATE -> {
                if (d.length != 1) {
                    throw new DecodeException(new DecodeError.BadLength("change baud rate reply", 1, d.length));
                }
                yield new BaudRateChanged(frame.address(), BaudRate.fromFeatureByte(d[0]));
            }
            default -> {
                if (d.length != 0) {
                    throw new DecodeException(new DecodeError.UnexpectedFrame(
                            "reply with data for " + c.function() + " is not supported"));
                }
                yield new Acknowledged(frame.address(), c.function());
            }
        };
    }
}
