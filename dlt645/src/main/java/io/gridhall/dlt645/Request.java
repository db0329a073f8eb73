package io.gridhall.dlt645;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;

/** What a head-end (master) sends to a meter. */
public sealed interface Request {

    /** The address the frame is sent to. */
    MeterAddress address();

    FunctionCode function();

    /** The frame; {@code security} is used only by {@link Control}. */
    Frame toFrame(ControlSecurity security);

    default Frame toFrame() {
        return toFrame(ControlSecurity.PLAIN);
    }

    /** Reads one data identifier (0x11). */
    record Read(MeterAddress address, DataIdentifier id) implements Request {
        public FunctionCode function() {
            return FunctionCode.READ;
        }

        public Frame toFrame(ControlSecurity security) {
            return new Frame(address, ControlCode.request(FunctionCode.READ), id.toWire());
        }
    }

    /** Asks for the next part of a reply that had the follow-up bit set (0x12). */
    record ReadFollowUp(MeterAddress address, DataIdentifier id, int sequence) implements Request {
        public ReadFollowUp {
            if (sequence < 0 || sequence > 0xFF) {
                throw new IllegalArgumentException("sequence is one byte: " + sequence);
            }
        }

        public FunctionCode function() {
            return FunctionCode.READ_FOLLOW_UP;
        }

        public Frame toFrame(ControlSecurity security) {
            byte[] data = Arrays.copyOf(id.toWire(), 5);
            data[4] = (byte) sequence;
            return new Frame(address, ControlCode.request(FunctionCode.READ_FOLLOW_UP), data);
        }
    }

    /** Asks the only meter on a point-to-point link for its address (0x13, address AA..AA). */
    record ReadAddress() implements Request {
        public MeterAddress address() {
            return MeterAddress.WILDCARD;
        }

        public FunctionCode function() {
            return FunctionCode.READ_ADDRESS;
        }

        public Frame toFrame(ControlSecurity security) {
            return new Frame(MeterAddress.WILDCARD, ControlCode.request(FunctionCode.READ_ADDRESS));
        }
    }

    /**
     * Time sync (0x08): ss mm hh DD MM YY. Usually broadcast to 99..99; a head-end may also address
     * one meter, and that address is kept when the frame is read. Meters do not reply.
     */
    record TimeSync(MeterAddress address, LocalDateTime time) implements Request {
        public TimeSync {
            if (address == null) {
                throw new IllegalArgumentException("address is required");
            }
            DataFormat.checkYear(time.getYear());
            time = time.withNano(0);
        }

        /** Broadcast to every meter on the link. */
        public TimeSync(LocalDateTime time) {
            this(MeterAddress.BROADCAST, time);
        }

        public FunctionCode function() {
            return FunctionCode.BROADCAST_TIME;
        }

        public Frame toFrame(ControlSecurity security) {
            return new Frame(address, ControlCode.request(FunctionCode.BROADCAST_TIME), dateTime(time));
        }
    }

    /**
     * Write communication address (0x15): sets the address of the meter on a point-to-point link,
     * usually sent to AA..AA while the meter's programming key is pressed. The meter answers 0x95
     * from its new address ({@link Reply.Acknowledged}) or 0xD5 ({@link Reply.Abnormal}).
     *
     * @param newAddress a full address: no AA wildcards, not the broadcast address
     */
    record WriteAddress(MeterAddress address, MeterAddress newAddress) implements Request {
        public WriteAddress {
            if (address == null || newAddress == null) {
                throw new IllegalArgumentException("address and new address are required");
            }
            if (newAddress.isWildcard() || newAddress.isBroadcast()) {
                throw new IllegalArgumentException("not a meter's address: " + newAddress);
            }
        }

        /** To whichever meter is on the link. */
        public WriteAddress(MeterAddress newAddress) {
            this(MeterAddress.WILDCARD, newAddress);
        }

        public FunctionCode function() {
            return FunctionCode.WRITE_ADDRESS;
        }

        public Frame toFrame(ControlSecurity security) {
            return new Frame(address, ControlCode.request(FunctionCode.WRITE_ADDRESS), newAddress.toWire());
        }
    }

    /**
     * Change baud rate (0x17) with the feature byte Z. The meter confirms with 0x97 and Z ({@link
     * Reply.BaudRateChanged}) at the old rate and switches afterwards, or refuses with 0xD7.
     */
    record ChangeBaudRate(MeterAddress address, BaudRate rate) implements Request {
        public ChangeBaudRate {
            if (address == null || rate == null) {
                throw new IllegalArgumentException("address and rate are required");
            }
        }

        public FunctionCode function() {
            return FunctionCode.CHANGE_BAUD_RATE;
        }

        public Frame toFrame(ControlSecurity security) {
            return new Frame(
                    address, ControlCode.request(FunctionCode.CHANGE_BAUD_RATE), new byte[] {(byte) rate.featureByte()
                    });
        }
    }

    /**
     * Freeze (0x16): data mm hh DD MM, where 99 in a field means "every": 99DDhhmm monthly, 9999hhmm
     * daily, 999999mm hourly, 99999999 at once.
     */
    record Freeze(MeterAddress address, int month, int day, int hour, int minute) implements Request {
        public static final int ANY = 99;

        public Freeze {
            for (int v : new int[] {month, day, hour, minute}) {
                if (v < 0 || v > 99) {
                    throw new IllegalArgumentException("freeze fields are two BCD digits: " + v);
                }
            }
        }

        public static Freeze now(MeterAddress address) {
            return new Freeze(address, ANY, ANY, ANY, ANY);
        }

        public boolean immediate() {
            return month == ANY && day == ANY && hour == ANY && minute == ANY;
        }

        public FunctionCode function() {
            return FunctionCode.FREEZE;
        }

        public Frame toFrame(ControlSecurity security) {
            return new Frame(address, ControlCode.request(FunctionCode.FREEZE), new byte[] {
                Bcd.of(minute), Bcd.of(hour), Bcd.of(day), Bcd.of(month)
            });
        }
    }

    /**
     * Write data (0x14): DI0..DI3, the password PA P0 P1 P2, the operator code C0..C3, then the value, low byte first
     * as the identifier's format lays it out ({@link TouTables} for the time-of-use tables). The meter answers 0x94
     * ({@link Reply.Acknowledged}) or 0xD4 with an error byte ({@link Reply.Abnormal}); a meter needs its programming
     * key pressed or a password of a level that may write the item.
     */
    record Write(MeterAddress address, DataIdentifier id, Password password, OperatorCode operator, byte[] value)
            implements Request {
        public Write {
            if (address == null || id == null || password == null || operator == null || value == null) {
                throw new IllegalArgumentException("address, identifier, password, operator and value are required");
            }
            if (address.isWildcard() || address.isBroadcast()) {
                throw new IllegalArgumentException("a write goes to one meter: " + address);
            }
            if (value.length == 0 || value.length > Frame.MAX_DATA_LENGTH - 12) {
                throw new IllegalArgumentException(
                        "a written value has 1 to " + (Frame.MAX_DATA_LENGTH - 12) + " bytes");
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        public FunctionCode function() {
            return FunctionCode.WRITE;
        }

        public Frame toFrame(ControlSecurity security) {
            byte[] data = new byte[12 + value.length];
            System.arraycopy(id.toWire(), 0, data, 0, 4);
            System.arraycopy(password.toWire(), 0, data, 4, 4);
            System.arraycopy(operator.toWire(), 0, data, 8, 4);
            System.arraycopy(value, 0, data, 12, value.length);
            return new Frame(address, ControlCode.request(FunctionCode.WRITE), data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Write w
                    && w.address.equals(address)
                    && w.id.equals(id)
                    && w.password.equals(password)
                    && w.operator.equals(operator)
                    && Arrays.equals(w.value, value);
        }

        @Override
        public int hashCode() {
            return (address.hashCode() * 31 + id.hashCode()) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Write[" + address + " " + id + " " + Hex.format(value) + "]";
        }
    }

    /** Trip, close, alarm or protect (0x1C). */
    record Control(MeterAddress address, ControlCommand command) implements Request {
        public FunctionCode function() {
            return FunctionCode.CONTROL;
        }

        public Frame toFrame(ControlSecurity security) {
            byte[] sealed = security.seal(address, command.type(), command.validUntil());
            byte[] data = new byte[8 + sealed.length];
            System.arraycopy(command.password().toWire(), 0, data, 0, 4);
            System.arraycopy(command.operator().toWire(), 0, data, 4, 4);
            System.arraycopy(sealed, 0, data, 8, sealed.length);
            return new Frame(address, ControlCode.request(FunctionCode.CONTROL), data);
        }
    }

    /**
     * Reads a request as a meter does. Functions this library does not model (write data, change
     * password, ...) fail with {@link DecodeError.UnexpectedFrame} so the meter can answer abnormal.
     */
    static Request parse(Frame frame, ControlSecurity security) throws DecodeException {
        ControlCode c = frame.control();
        if (c.reply()) {
            throw new DecodeException(new DecodeError.UnexpectedFrame("a reply, not a request: " + c));
        }
        byte[] d = frame.data();
        return switch (c.function()) {
            case READ -> {
                // Load-profile reads append a block count and a time; the identifier is what matters here.
                need(d, 4, "read request");
                yield new Read(frame.address(), DataIdentifier.fromWire(d, 0));
            }
            case READ_FOLLOW_UP -> {
                exactly(d, 5, "read follow-up request");
                yield new ReadFollowUp(frame.address(), DataIdentifier.fromWire(d, 0), d[4] & 0xFF);
            }
            case READ_ADDRESS -> {
                exactly(d, 0, "read address request");
                yield new ReadAddress();
            }
            case BROADCAST_TIME -> {
                exactly(d, 6, "time sync");
                yield new TimeSync(frame.address(), dateTime(d, 0));
            }
            case WRITE_ADDRESS -> {
                exactly(d, 6, "write address request");
                MeterAddress newAddress = MeterAddress.fromWire(d, 0);
                if (newAddress.isWildcard() || newAddress.isBroadcast()) {
                    throw new DecodeException(new DecodeError.BadValue("new meter address", newAddress.digits()));
                }
                yield new WriteAddress(frame.address(), newAddress);
            }
            case CHANGE_BAUD_RATE -> {
                exactly(d, 1, "change baud rate request");
                yield new ChangeBaudRate(frame.address(), BaudRate.fromFeatureByte(d[0]));
            }
            case FREEZE -> {
                exactly(d, 4, "freeze");
                yield new Freeze(
                        frame.address(),
                        Bcd.value(d[3], "MM"),
                        Bcd.value(d[2], "DD"),
                        Bcd.value(d[1], "hh"),
                        Bcd.value(d[0], "mm"));
            }
            case WRITE -> {
                need(d, 13, "write request");
                if (frame.address().isWildcard() || frame.address().isBroadcast()) {
                    throw new DecodeException(new DecodeError.BadValue(
                            "write address", frame.address().digits()));
                }
                yield new Write(
                        frame.address(),
                        DataIdentifier.fromWire(d, 0),
                        Password.fromWire(d, 4),
                        OperatorCode.fromWire(d, 8),
                        Arrays.copyOfRange(d, 12, d.length));
            }
            case CONTROL -> {
                need(d, 8, "control request");
                ControlSecurity.Opened opened = security.open(frame.address(), Arrays.copyOfRange(d, 8, d.length));
                yield new Control(
                        frame.address(),
                        new ControlCommand(
                                Password.fromWire(d, 0),
                                OperatorCode.fromWire(d, 4),
                                opened.type(),
                                opened.validUntil()));
            }
            default ->
                throw new DecodeException(
                        new DecodeError.UnexpectedFrame("request function not supported: " + c.function()));
        };
    }

    private static void need(byte[] d, int n, String what) throws DecodeException {
        if (d.length < n) {
            throw new DecodeException(new DecodeError.Truncated(what, n, d.length));
        }
    }

    private static void exactly(byte[] d, int n, String what) throws DecodeException {
        if (d.length != n) {
            throw new DecodeException(new DecodeError.BadLength(what, n, d.length));
        }
    }

    /** ss mm hh DD MM YY. */
    static byte[] dateTime(LocalDateTime t) {
        return new byte[] {
            Bcd.of(t.getSecond()), Bcd.of(t.getMinute()), Bcd.of(t.getHour()),
            Bcd.of(t.getDayOfMonth()), Bcd.of(t.getMonthValue()), Bcd.of(t.getYear() - 2000)
        };
    }

    static LocalDateTime dateTime(byte[] b, int o) throws DecodeException {
        var time = DataFormat.time(Bcd.value(b[o + 2], "hh"), Bcd.value(b[o + 1], "mm"), Bcd.value(b[o], "ss"));
        int day = Bcd.value(b[o + 3], "DD");
        int month = Bcd.value(b[o + 4], "MM");
        int year = Bcd.value(b[o + 5], "YY");
        try {
            return LocalDate.of(2000 + year, month, day).atTime(time);
        } catch (DateTimeException e) {
            throw new DecodeException(new DecodeError.BadValue("date", year + "-" + month + "-" + day));
        }
    }
}
