package io.gridhall.dlt645;

import java.time.LocalDate;
import java.time.LocalDateTime;

/** N1..N8 in the clear, as meters without ESAM (and simulators) take them. */
final class PlainControlSecurity implements ControlSecurity {

    static final int LENGTH = 8;

    @Override
    public byte[] seal(MeterAddress meter, ControlType type, LocalDateTime t) {
        DataFormat.checkYear(t.getYear());
        return new byte[] {
            (byte) type.code(),
            0x00,
            Bcd.of(t.getSecond()),
            Bcd.of(t.getMinute()),
            Bcd.of(t.getHour()),
            Bcd.of(t.getDayOfMonth()),
            Bcd.of(t.getMonthValue()),
            Bcd.of(t.getYear() - 2000)
        };
    }

    @Override
    public Opened open(MeterAddress meter, byte[] b) throws DecodeException {
        if (b.length != LENGTH) {
            throw new DecodeException(new DecodeError.BadLength("control N1..N8", LENGTH, b.length));
        }
        ControlType type = ControlType.of(b[0] & 0xFF)
                .orElseThrow(() -> new DecodeException(
                        new DecodeError.BadValue("control type N1", String.format("%02X", b[0] & 0xFF))));
        var time = DataFormat.time(Bcd.value(b[4], "hh"), Bcd.value(b[3], "mm"), Bcd.value(b[2], "ss"));
        int day = Bcd.value(b[5], "DD");
        int month = Bcd.value(b[6], "MM");
        int year = Bcd.value(b[7], "YY");
        try {
            return new Opened(type, LocalDate.of(2000 + year, month, day).atTime(time));
        } catch (java.time.DateTimeException e) {
            throw new DecodeException(new DecodeError.BadValue("valid-until date", year + "-" + month + "-" + day));
        }
    }
}
