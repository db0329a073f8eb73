package io.gridhall.payment.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The withholding file (代扣文件) and its return file (回盘文件), one fixed-width format for both
 * ({@code docs/formats/withholding-file.md}): GBK, records of exactly {@value #RECORD} bytes each followed by CR LF, a
 * header, one detail per account, a trailer with the count and the total in fen. Our file leaves each detail's
 * result code blank and the trailer's success figures zero; the bank's return file is our file with those filled in.
 * Pure: no Spring, no database.
 */
final class WithholdingFile {

    static final Charset GBK = Charset.forName("GBK");
    static final int RECORD = 120;
    static final String SUCCESS = "0000";
    static final Pattern BATCH_NUMBER = Pattern.compile("WH[0-9]{18}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuuMM");

    private WithholdingFile() {}

    record Header(String batchNumber, String bankCode, YearMonth month, LocalDate fileDate) {}

    /**
     * One account's row.
     *
     * @param resultCode blank ({@code null}) in our file; four digits in the bank's return file
     */
    record Detail(int seq, String accountNumber, String bankAccount, String holderName, long fen, String resultCode) {

        Detail withResult(String code) {
            return new Detail(seq, accountNumber, bankAccount, holderName, fen, code);
        }

        boolean succeeded() {
            return SUCCESS.equals(resultCode);
        }
    }

    record Trailer(String batchNumber, int count, long total, int succeeded, long succeededTotal) {}

    record Parsed(Header header, List<Detail> details, Trailer trailer) {}

    /** The file cannot be read: the line (1-based) and the field that is wrong, never the field's content. */
    static final class Malformed extends RuntimeException {
        final int line;
        final String field;

        Malformed(int line, String field) {
            super("line " + line + ", field " + field, null, false, false);
            this.line = line;
            this.field = field;
        }
    }

    // ---- writing ----

    /** The file with the trailer computed from the details (count, total, and the successful ones). */
    static byte[] write(Header header, List<Detail> details) {
        int succeeded = 0;
        long total = 0, succeededTotal = 0;
        for (Detail d : details) {
            total = Math.addExact(total, d.fen());
            if (d.succeeded()) {
                succeeded++;
                succeededTotal = Math.addExact(succeededTotal, d.fen());
            }
        }
        return write(
                header, details, new Trailer(header.batchNumber(), details.size(), total, succeeded, succeededTotal));
    }

    static byte[] write(Header h, List<Detail> details, Trailer t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(RECORD * (details.size() + 2) + 2);
        Record r = new Record();
        r.text("H", 1).text(h.batchNumber(), 20).digits(h.bankCode(), 3).text(MONTH.format(h.month()), 6);
        r.text(DAY.format(h.fileDate()), 8).fill().into(out);
        for (Detail d : details) detail(d).into(out);
        r = new Record();
        r.text("T", 1).text(t.batchNumber(), 20).number(t.count(), 6).number(t.total(), 18);
        r.number(t.succeeded(), 6).number(t.succeededTotal(), 18).fill().into(out);
        return out.toByteArray();
    }

    /** One detail record's bytes (without CR LF), as written. */
    static byte[] detailBytes(Detail d) {
        return detail(d).bytes.toByteArray();
    }

    private static Record detail(Detail d) {
        Record r = new Record();
        r.text("D", 1).number(d.seq(), 6).text(d.accountNumber(), 20).text(d.bankAccount(), 32);
        r.text(d.holderName(), 40).number(d.fen(), 15).text(d.resultCode() == null ? "" : d.resultCode(), 4);
        return r.fill();
    }

    private static final class Record {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(RECORD);

        /** Left-aligned, padded with spaces; cut at the last whole character that fits (GBK: 1 or 2 bytes). */
        Record text(String s, int width) {
            byte[] b = s.getBytes(GBK);
            int n = 0;
            if (b.length <= width) n = b.length;
            else {
                StringBuilder fit = new StringBuilder();
                for (int cp : s.codePoints().toArray()) {
                    String c = Character.toString(cp);
                    if (fit.toString().getBytes(GBK).length + c.getBytes(GBK).length > width) break;
                    fit.append(c);
                }
                b = fit.toString().getBytes(GBK);
                n = b.length;
            }
            bytes.write(b, 0, n);
            for (int i = n; i < width; i++) bytes.write(' ');
            return this;
        }

        Record digits(String s, int width) {
            if (s.length() != width || !s.chars().allMatch(c -> c >= '0' && c <= '9'))
                throw new IllegalArgumentException("not " + width + " digits");
            return text(s, width);
        }

        /** Right-aligned, padded with zeros. */
        Record number(long n, int width) {
            if (n < 0) throw new IllegalArgumentException("a negative number");
            String s = Long.toString(n);
            if (s.length() > width) throw new IllegalArgumentException("a number wider than " + width);
            return text("0".repeat(width - s.length()) + s, width);
        }

        Record fill() {
            while (bytes.size() < RECORD) bytes.write(' ');
            if (bytes.size() != RECORD) throw new IllegalStateException("a record of " + bytes.size() + " bytes");
            return this;
        }

        void into(ByteArrayOutputStream out) {
            out.writeBytes(bytes.toByteArray());
            out.write('\r');
            out.write('\n');
        }
    }

    // ---- reading ----

    /**
     * Reads a file strictly: every record exactly {@value #RECORD} bytes and CR LF, valid GBK, one header first, one
     * trailer last, details numbered 1, 2, 3 ... in order, and the trailer's count and totals equal to the details'.
     *
     * @throws Malformed naming the first line and field that is wrong
     */
    static Parsed read(byte[] file) {
        int stride = RECORD + 2;
        if (file.length == 0) throw new Malformed(1, "record");
        int lines = (file.length + stride - 1) / stride;
        List<byte[]> records = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            int from = i * stride;
            if (from + stride > file.length) throw new Malformed(i + 1, "length");
            if (file[from + RECORD] != '\r' || file[from + RECORD + 1] != '\n') throw new Malformed(i + 1, "length");
            byte[] rec = new byte[RECORD];
            System.arraycopy(file, from, rec, 0, RECORD);
            for (byte b : rec) if (b == '\r' || b == '\n') throw new Malformed(i + 1, "length");
            records.add(rec);
        }
        if (records.size() < 2) throw new Malformed(records.size() + 1, "trailer");

        Fields h = new Fields(records.getFirst(), 1);
        if (!h.text(1, "recordType").equals("H")) throw new Malformed(1, "recordType");
        String batch = h.text(20, "batchNumber").strip();
        if (!BATCH_NUMBER.matcher(batch).matches()) throw new Malformed(1, "batchNumber");
        String bank = h.digitsText(3, "bankCode");
        YearMonth month;
        LocalDate fileDate;
        try {
            month = YearMonth.parse(h.digitsText(6, "month"), MONTH);
        } catch (DateTimeParseException e) {
            throw new Malformed(1, "month");
        }
        try {
            fileDate = LocalDate.parse(
                    h.digitsText(8, "fileDate"), DAY.withResolverStyle(java.time.format.ResolverStyle.STRICT));
        } catch (DateTimeParseException e) {
            throw new Malformed(1, "fileDate");
        }
        h.blank("filler");
        Header header = new Header(batch, bank, month, fileDate);

        List<Detail> details = new ArrayList<>();
        for (int i = 1; i < records.size() - 1; i++) {
            int line = i + 1;
            Fields d = new Fields(records.get(i), line);
            if (!d.text(1, "recordType").equals("D")) throw new Malformed(line, "recordType");
            long seq = d.number(6, "seq");
            if (seq != i) throw new Malformed(line, "seq");
            String account = d.text(20, "accountNumber").strip();
            if (account.isEmpty()) throw new Malformed(line, "accountNumber");
            String bankAccount = d.text(32, "bankAccount").strip();
            if (bankAccount.isEmpty()) throw new Malformed(line, "bankAccount");
            String holder = d.text(40, "holderName").strip();
            if (holder.isEmpty()) throw new Malformed(line, "holderName");
            long fen = d.number(15, "amount");
            if (fen <= 0) throw new Malformed(line, "amount");
            String result = d.text(4, "resultCode");
            if (result.isBlank()) result = null;
            else if (!result.chars().allMatch(c -> c >= '0' && c <= '9')) throw new Malformed(line, "resultCode");
            d.blank("filler");
            details.add(new Detail((int) seq, account, bankAccount, holder, fen, result));
        }

        int last = records.size();
        Fields t = new Fields(records.getLast(), last);
        if (!t.text(1, "recordType").equals("T")) throw new Malformed(last, "recordType");
        if (!t.text(20, "batchNumber").strip().equals(batch)) throw new Malformed(last, "batchNumber");
        long count = t.number(6, "count");
        long total = t.number(18, "total");
        long succeeded = t.number(6, "succeeded");
        long succeededTotal = t.number(18, "succeededTotal");
        t.blank("filler");
        Trailer trailer = new Trailer(batch, (int) count, total, (int) succeeded, succeededTotal);
        Trailer counted = computed(batch, details);
        if (count != counted.count()) throw new Malformed(last, "count");
        if (total != counted.total()) throw new Malformed(last, "total");
        if (succeeded != counted.succeeded()) throw new Malformed(last, "succeeded");
        if (succeededTotal != counted.succeededTotal()) throw new Malformed(last, "succeededTotal");
        return new Parsed(header, details, trailer);
    }

    private static Trailer computed(String batch, List<Detail> details) {
        int ok = 0;
        long total = 0, okTotal = 0;
        for (Detail d : details) {
            total += d.fen();
            if (d.succeeded()) {
                ok++;
                okTotal += d.fen();
            }
        }
        return new Trailer(batch, details.size(), total, ok, okTotal);
    }

    /** Reads one record's fields left to right; text is GBK, decoded strictly (a byte that is not GBK is refused). */
    private static final class Fields {
        final byte[] rec;
        final int line;
        int at;

        Fields(byte[] rec, int line) {
            this.rec = rec;
            this.line = line;
        }

        String text(int width, String field) {
            CharsetDecoder decoder = GBK.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                CharBuffer c = decoder.decode(ByteBuffer.wrap(rec, at, width));
                at += width;
                return c.toString();
            } catch (CharacterCodingException e) {
                throw new Malformed(line, field);
            }
        }

        String digitsText(int width, String field) {
            String s = text(width, field);
            if (!s.chars().allMatch(c -> c >= '0' && c <= '9')) throw new Malformed(line, field);
            return s;
        }

        long number(int width, String field) {
            return Long.parseLong(digitsText(width, field));
        }

        void blank(String field) {
            for (int i = at; i < RECORD; i++) if (rec[i] != ' ') throw new Malformed(line, field);
            at = RECORD;
        }
    }
}
