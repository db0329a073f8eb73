package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.gridhall.shared.Money;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The agents' reconciliation file ({@code docs/formats/agent-reconciliation-file.md}): a golden file pins the bytes, a
 * round trip holds for any content, every malformed file is refused whole with its line and field, and mutations and
 * random bytes are only ever refused (never another exception, never a file that reads as something else).
 */
class AgentReconciliationFileTests {

    static final Charset GBK = Charset.forName("GBK");
    static final AgentReconciliationFile.Header HEADER =
            new AgentReconciliationFile.Header("ICBC95588", LocalDate.of(2026, 12, 5));

    static List<AgentReconciliationFile.Detail> three() {
        LocalDateTime t = LocalDateTime.of(2026, 12, 5, 9, 30, 5);
        return List.of(
                new AgentReconciliationFile.Detail(
                        1,
                        "IVR0000000001",
                        "8000000001",
                        Money.yuan("100.00"),
                        t,
                        AgentReconciliationFile.Status.PAID,
                        "电话银行"),
                new AgentReconciliationFile.Detail(
                        2,
                        "IVR0000000002",
                        "8000000002",
                        Money.yuan("55.50"),
                        t.plusHours(1),
                        AgentReconciliationFile.Status.REVERSED,
                        "电话银行"),
                new AgentReconciliationFile.Detail(
                        3,
                        "NET0000000003",
                        "8000000003",
                        Money.yuan("0.01"),
                        t.plusHours(13),
                        AgentReconciliationFile.Status.PAID,
                        "网上银行"));
    }

    @Test
    void writesTheGoldenFileByteForByte() throws IOException {
        byte[] written = AgentReconciliationFile.write(HEADER, three());
        try (InputStream in =
                getClass().getResourceAsStream("/payment/golden/agent-reconciliation-ICBC95588-20261205.txt")) {
            assertThat(in).as("the golden file").isNotNull();
            assertThat(written).isEqualTo(in.readAllBytes());
        }
        AgentReconciliationFile.Parsed read = AgentReconciliationFile.read(written);
        assertThat(read.header()).isEqualTo(HEADER);
        assertThat(read.details()).isEqualTo(three());
        assertThat(read.paidSum()).isEqualTo(Money.yuan("100.01")); // the reversed line is not in the sum
    }

    static Gen<AgentReconciliationFile.Detail> details() {
        return longs().between(1, 99_999_999_999L)
                .zip(
                        integers().between(0, 86_399),
                        integers().between(0, 2),
                        (amount, second, kind) -> new AgentReconciliationFile.Detail(
                                0,
                                "S" + Long.toString(amount * 7 + second, 36).toUpperCase(),
                                String.format("8%09d", amount % 1_000_000_000L),
                                Money.fen(amount),
                                LocalDate.of(2026, 12, 5).atStartOfDay().plusSeconds(second),
                                kind == 0
                                        ? AgentReconciliationFile.Status.REVERSED
                                        : AgentReconciliationFile.Status.PAID,
                                kind == 1 ? "电话银行" : "柜面"));
    }

    @Test
    void readsBackWhateverItWrites() {
        qt().withExamples(300)
                .forAll(lists().of(details()).ofSizeBetween(0, 40))
                .checkAssert(ds -> {
                    List<AgentReconciliationFile.Detail> numbered = new ArrayList<>();
                    for (AgentReconciliationFile.Detail d : ds)
                        numbered.add(new AgentReconciliationFile.Detail(
                                numbered.size() + 1,
                                d.serial(),
                                d.accountNumber(),
                                d.amount(),
                                d.paidAt(),
                                d.status(),
                                d.channel()));
                    AgentReconciliationFile.Parsed p =
                            AgentReconciliationFile.read(AgentReconciliationFile.write(HEADER, numbered));
                    assertThat(p.details()).isEqualTo(numbered);
                    assertThat(p.paidSum().fen())
                            .isEqualTo(numbered.stream()
                                    .filter(d -> d.status() == AgentReconciliationFile.Status.PAID)
                                    .mapToLong(d -> d.amount().fen())
                                    .sum());
                });
    }

    static String good() {
        return new String(AgentReconciliationFile.write(HEADER, three()), GBK);
    }

    static void refused(String file, int line, String field) {
        assertThatThrownBy(() -> AgentReconciliationFile.read(file.getBytes(GBK)))
                .isInstanceOfSatisfying(AgentReconciliationFile.Malformed.class, m -> {
                    assertThat(m.line()).as(m.getMessage()).isEqualTo(line);
                    assertThat(m.field()).as(m.getMessage()).isEqualTo(field);
                });
    }

    @Test
    void refusesEachKindOfMalformedFileWithItsLineAndField() {
        String g = good();
        refused(g.replace("H|ICBC95588|20261205|3|10001", "H|ICBC95588|20261205|3|10002"), 1, "total");
        refused(g.replace("H|ICBC95588|20261205|3|", "H|ICBC95588|20261205|4|"), 1, "count");
        refused(g.replace("H|ICBC95588|20261205", "H|icbc|20261205"), 1, "agentCode");
        refused(g.replace("20261205|3", "20261305|3"), 1, "day");
        refused(g.replace("T|3|10001", "T|3|10000"), 5, "total");
        refused(g.replace("T|3|10001", "T|2|10001"), 5, "count");
        refused(g.replace("D|2|", "D|3|"), 3, "seq");
        refused(g.replace("|5550|", "|05550|"), 3, "amount");
        refused(g.replace("|5550|", "|-5550|"), 3, "amount");
        refused(g.replace("|5550|", "|55.50|"), 3, "amount");
        refused(g.replace("|5550|20261205103005|1|", "|5550|20261205103005|2|"), 3, "status");
        refused(g.replace("20261205103005", "20261205253005"), 3, "paidAt");
        refused(g.replace("IVR0000000002", "IVR-2"), 3, "serial");
        refused(g.replace("|8000000002|", "|80000000０2|"), 3, "accountNumber");
        refused(g.replace("|网上银行", "|网上银行|多余"), 4, "fields");
        refused(g.replace("|网上银行", "|这是一个非常非常长的渠道名称"), 4, "channel");
        refused(g.replace("|网上银行", "|"), 4, "channel");
        refused(g.replace("\r\nT|", "\nT|"), 4, "lineEnd");
        refused(g.substring(0, g.length() - 2), 5, "lineEnd");
        refused(g.replace("\r\nD|3", "\r\n\r\nD|3"), 4, "recordType");
        refused(g.replace("T|3|10001\r\n", ""), 4, "recordType"); // a detail where the trailer belongs
        refused("", 1, "file");
    }

    @Test
    void refusesBytesThatAreNotGbk() {
        byte[] b = good().getBytes(GBK);
        byte[] broken = Arrays.copyOf(b, b.length);
        int at = good().indexOf("网上银行");
        int bytes = new String(good().substring(0, at)).getBytes(GBK).length;
        broken[bytes] = (byte) 0x81;
        broken[bytes + 1] = (byte) 0x7f; // a lead byte with a trail byte GBK does not have
        assertThatThrownBy(() -> AgentReconciliationFile.read(broken))
                .isInstanceOfSatisfying(
                        AgentReconciliationFile.Malformed.class,
                        m -> assertThat(m.field()).isEqualTo("encoding"));
    }

    /** Fuzzing: flipped bytes and cuts of a genuine file, and random bytes, are refused or read, never crash. */
    @Test
    void mutationsAndRandomBytesAreOnlyEverRefused() {
        byte[] genuine = good().getBytes(GBK);
        qt().withExamples(3000)
                .forAll(lists().of(integers().between(0, 1 << 20)).ofSizeBetween(1, 6))
                .checkAssert(m -> {
                    byte[] b = genuine.clone();
                    for (int i = 1; i < m.size(); i++) b[m.get(i) % b.length] ^= (byte) (1 + (m.get(i) >>> 12) % 255);
                    int cut = m.getFirst() % 4 == 0 ? m.getFirst() % b.length : 0;
                    byte[] mutated = cut > 0 ? Arrays.copyOf(b, b.length - cut) : b;
                    try {
                        AgentReconciliationFile.Parsed p = AgentReconciliationFile.read(mutated);
                        // what is read is consistent with itself: its sums add up and it writes back to the bytes
                        assertThat(AgentReconciliationFile.write(p.header(), p.details()))
                                .isEqualTo(mutated);
                    } catch (AgentReconciliationFile.Malformed refused) {
                        assertThat(refused.line()).isPositive();
                    }
                });
        qt().withExamples(2000)
                .forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 300))
                .checkAssert(bytes -> {
                    byte[] b = new byte[bytes.size()];
                    for (int i = 0; i < b.length; i++) b[i] = (byte) (int) bytes.get(i);
                    try {
                        AgentReconciliationFile.read(b);
                    } catch (AgentReconciliationFile.Malformed refused) {
                        assertThat(refused.line()).isPositive();
                    }
                });
    }
}
