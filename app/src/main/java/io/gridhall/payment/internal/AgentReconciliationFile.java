package io.gridhall.payment.internal;

import io.gridhall.shared.Money;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A collection agent's daily reconciliation file (代收对账文件, {@code docs/formats/agent-reconciliation-file.md}):
 * GBK, one record per line ending CR LF, fields separated by {@code |}; a header with the agent, the accounting day and
 * the count and sum of its collections, one detail per collection (reversed ones marked), a trailer repeating count
 * and sum. Read strictly: the first wrong line and field refuse the whole file.
 */
public final class AgentReconciliationFile {

    static final Charset GBK = Charset.forName("GBK");
    /** A day of even the busiest agent is far smaller. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);
    static final Pattern AGENT = Pattern.compile("[A-Z0-9]{3,16}");
    static final Pattern SERIAL = Pattern.compile("[0-9A-Za-z]{1,32}");
    static final Pattern ACCOUNT = Pattern.compile("[0-9]{6,20}");
    private static final Pattern COUNT = Pattern.compile("0|[1-9][0-9]{0,8}");
    private static final Pattern AMOUNT = Pattern.compile("[1-9][0-9]{0,14}");
    private static final Pattern SUM = Pattern.compile("0|[1-9][0-9]{0,17}");
    private static final int CHANNEL_BYTES = 20;

    private AgentReconciliationFile() {}

    /** Whether the agent took the money and kept it, or reversed it the same day (冲正). */
    public enum Status {
        PAID("0"),
        REVERSED("1");

        final String code;

        Status(String code) {
            this.code = code;
        }
    }

    public record Header(String agentCode, LocalDate day) {}

    /** One collection; {@code channel} is the agent's word for where it was taken (电话银行, 网上银行, 柜面). */
    public record Detail(
            int seq,
            String serial,
            String accountNumber,
            Money amount,
            LocalDateTime paidAt,
            Status status,
            String channel) {}

    public record Parsed(Header header, List<Detail> details) {

        /** The sum of the collections not reversed. */
        public Money paidSum() {
            return details.stream()
                    .filter(d -> d.status() == Status.PAID)
                    .map(Detail::amount)
                    .reduce(Money.ZERO, Money::plus);
        }
    }

    /** The whole file refused: the 1-based line and the field that are wrong. */
    public static final class Malformed extends RuntimeException {
        private final int line;
        private final String field;

        Malformed(int line, String field, String reason) {
            super("line " + line + ", " + field + ": " + reason);
            this.line = line;
            this.field = field;
        }

        public int line() {
            return line;
        }

        public String field() {
            return field;
        }
    }

    public static byte[] write(Header header, List<Detail> details) {
        Money sum = details.stream()
                .filter(d -> d.status() == Status.PAID)
                .map(Detail::amount)
                .reduce(Money.ZERO, Money::plus);
        StringBuilder s = new StringBuilder();
        s.append("H|")
                .append(header.agentCode())
                .append('|')
                .append(DAY.format(header.day()))
                .append('|')
                .append(details.size())
                .append('|')
                .append(sum.fen())
                .append("\r\n");
        for (Detail d : details)
            s.append("D|")
                    .append(d.seq())
                    .append('|')
                    .append(d.serial())
                    .append('|')
                    .append(d.accountNumber())
                    .append('|')
                    .append(d.amount().fen())
                    .append('|')
                    .append(TIME.format(d.paidAt()))
                    .append('|')
                    .append(d.status().code)
                    .append('|')
                    .append(d.channel())
                    .append("\r\n");
        s.append("T|").append(details.size()).append('|').append(sum.fen()).append("\r\n");
        CharsetEncoder e = GBK.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer b = e.encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException x) {
            throw new IllegalArgumentException("not GBK", x);
        }
    }

    public static Parsed read(byte[] file) {
        if (file == null || file.length == 0) throw new Malformed(1, "file", "empty");
        if (file.length > MAX_BYTES) throw new Malformed(1, "file", "larger than " + MAX_BYTES + " bytes");
        List<String> lines = lines(file);
        if (lines.size() < 2) throw new Malformed(lines.size() + 1, "recordType", "no trailer");
        String[] h = fields(lines.getFirst(), 1, 5, "H");
        String agent = matching(h[1], AGENT, 1, "agentCode");
        LocalDate day = day(h[2], 1, "day");
        long count = Long.parseLong(matching(h[3], COUNT, 1, "count"));
        long total = Long.parseLong(matching(h[4], SUM, 1, "total"));
        List<Detail> details = new ArrayList<>();
        long sum = 0;
        for (int i = 1; i < lines.size() - 1; i++) {
            int no = i + 1;
            String[] d = fields(lines.get(i), no, 8, "D");
            String seqText = matching(d[1], COUNT, no, "seq");
            if (Long.parseLong(seqText) != i) throw new Malformed(no, "seq", "expected " + i);
            String serial = matching(d[2], SERIAL, no, "serial");
            String account = matching(d[3], ACCOUNT, no, "accountNumber");
            long amount = Long.parseLong(matching(d[4], AMOUNT, no, "amount"));
            LocalDateTime at;
            try {
                at = LocalDateTime.parse(d[5], TIME);
            } catch (DateTimeParseException e) {
                throw new Malformed(no, "paidAt", "not yyyyMMddHHmmss");
            }
            Status status = switch (d[6]) {
                case "0" -> Status.PAID;
                case "1" -> Status.REVERSED;
                default -> throw new Malformed(no, "status", "neither 0 nor 1");
            };
            String channel = d[7];
            if (channel.isEmpty() || channel.getBytes(GBK).length > CHANNEL_BYTES || !printable(channel))
                throw new Malformed(no, "channel", "1 to " + CHANNEL_BYTES + " bytes of printable text");
            if (status == Status.PAID) sum = Math.addExact(sum, amount);
            details.add(new Detail(i, serial, account, Money.fen(amount), at, status, channel));
        }
        int last = lines.size();
        String[] t = fields(lines.getLast(), last, 3, "T");
        long trailerCount = Long.parseLong(matching(t[1], COUNT, last, "count"));
        long trailerTotal = Long.parseLong(matching(t[2], SUM, last, "total"));
        if (count != details.size()) throw new Malformed(1, "count", "the file has " + details.size() + " details");
        if (total != sum) throw new Malformed(1, "total", "the details' sum is " + sum);
        if (trailerCount != count) throw new Malformed(last, "count", "not the header's");
        if (trailerTotal != total) throw new Malformed(last, "total", "not the header's");
        return new Parsed(new Header(agent, day), List.copyOf(details));
    }

    private static List<String> lines(byte[] file) {
        CharsetDecoder decoder = GBK.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < file.length; i++) {
            byte b = file[i];
            if (b == '\n') throw new Malformed(lines.size() + 1, "lineEnd", "LF without CR");
            if (b != '\r') continue;
            if (i + 1 >= file.length || file[i + 1] != '\n')
                throw new Malformed(lines.size() + 1, "lineEnd", "CR without LF");
            try {
                lines.add(
                        decoder.decode(ByteBuffer.wrap(file, start, i - start)).toString());
            } catch (CharacterCodingException e) {
                throw new Malformed(lines.size() + 1, "encoding", "not GBK");
            }
            i++;
            start = i + 1;
        }
        if (start != file.length) throw new Malformed(lines.size() + 1, "lineEnd", "the last line has no CR LF");
        return lines;
    }

    private static String[] fields(String line, int no, int n, String type) {
        if (line.isEmpty()) throw new Malformed(no, "recordType", "an empty line");
        String[] f = line.split("\\|", -1);
        if (!f[0].equals(type)) throw new Malformed(no, "recordType", "expected " + type);
        if (f.length != n) throw new Malformed(no, "fields", "expected " + n + " fields, not " + f.length);
        return f;
    }

    private static String matching(String value, Pattern p, int no, String field) {
        if (!p.matcher(value).matches()) throw new Malformed(no, field, "not " + p.pattern());
        return value;
    }

    private static LocalDate day(String value, int no, String field) {
        try {
            return LocalDate.parse(value, DAY);
        } catch (DateTimeParseException e) {
            throw new Malformed(no, field, "not yyyyMMdd");
        }
    }

    private static boolean printable(String s) {
        return s.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f && !Character.isISOControl(c));
    }
}
