package io.gridhall.simulator;

import io.gridhall.dlt645.MeterAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Meter lists: meters.csv, or a generated fleet. */
public final class Fleet {

    public static final String CSV_HEADER = "concentrator_id,meter_address,customer_class,fee_control";
    public static final int METERS_PER_CONCENTRATOR = 200;

    private Fleet() {}

    public static List<MeterSpec> readCsv(Path file) throws IOException {
        return parseCsv(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Lines {@code concentrator_id,meter_address,customer_class,fee_control}; a header line is optional. */
    public static List<MeterSpec> parseCsv(String text) {
        List<MeterSpec> specs = new ArrayList<>();
        int lineNumber = 0;
        for (String raw : text.split("\\R")) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty()
                    || line.startsWith("#")
                    || line.toLowerCase(Locale.ROOT).startsWith("concentrator_id")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 4) {
                throw new IllegalArgumentException("meters.csv line " + lineNumber + ": expected 4 columns: " + line);
            }
            try {
                specs.add(new MeterSpec(
                        cells[0].strip(),
                        MeterAddress.of(cells[1].strip()),
                        customerClass(cells[2]),
                        FeeControl.valueOf(cells[3].strip().toUpperCase(Locale.ROOT))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("meters.csv line " + lineNumber + ": " + e.getMessage(), e);
            }
        }
        return specs;
    }

    /**
     * A roster's class: the simulator's own names, or the platform's customer classes as the demo
     * generator writes them (LARGE_INDUSTRIAL is metered like INDUSTRIAL).
     */
    static CustomerClass customerClass(String cell) {
        String name = cell.strip().toUpperCase(Locale.ROOT);
        return name.equals("LARGE_INDUSTRIAL") ? CustomerClass.INDUSTRIAL : CustomerClass.valueOf(name);
    }

    /**
     * {@code n} meters with addresses 000000000001.. behind ceil(n/200) concentrators C00000000001..,
     * classes and fee control drawn from the seed: about 70% residential, 15% commercial, 10%
     * industrial, 5% agricultural.
     */
    public static List<MeterSpec> generate(int n, long seed) {
        if (n < 1 || n > 999_999) {
            throw new IllegalArgumentException("generate 1..999999 meters: " + n);
        }
        List<MeterSpec> specs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String concentrator = String.format("C%011d", i / METERS_PER_CONCENTRATOR + 1);
            long draw = Long.remainderUnsigned(MeterLoad.mix(seed * 31 + i), 100);
            CustomerClass c = draw < 70
                    ? CustomerClass.RESIDENTIAL
                    : draw < 85
                            ? CustomerClass.COMMERCIAL
                            : draw < 95 ? CustomerClass.INDUSTRIAL : CustomerClass.AGRICULTURAL;
            long feeDraw = Long.remainderUnsigned(MeterLoad.mix(seed * 37 + i), 10);
            FeeControl fee = c == CustomerClass.RESIDENTIAL
                    ? (feeDraw < 5 ? FeeControl.LOCAL : feeDraw < 9 ? FeeControl.REMOTE : FeeControl.NONE)
                    : (feeDraw < 6 ? FeeControl.REMOTE : FeeControl.NONE);
            specs.add(new MeterSpec(concentrator, MeterAddress.of(i + 1L), c, fee));
        }
        return specs;
    }

    public static String toCsv(List<MeterSpec> specs) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (MeterSpec s : specs) {
            out.append(s.concentratorId())
                    .append(',')
                    .append(s.address())
                    .append(',')
                    .append(s.customerClass())
                    .append(',')
                    .append(s.feeControl())
                    .append('\n');
        }
        return out.toString();
    }
}
