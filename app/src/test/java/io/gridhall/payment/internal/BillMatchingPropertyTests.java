package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.gridhall.payment.internal.BillMatching.Kind;
import io.gridhall.shared.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The three-way match as a pure function (issue #10, §5): a bill made from our credits, shuffled and perturbed,
 * yields exactly the perturbations, each classified as what it is, and every other transaction MATCHED.
 */
class BillMatchingPropertyTests {

    static final Instant AT = Instant.parse("2026-12-05T04:00:00Z");

    static BillMatching.Ours ours(int i, long fen) {
        return new BillMatching.Ours("T" + i, "GH" + i, Money.fen(fen), Money.fen(fen));
    }

    static GatewayBills.BillLine line(BillMatching.Ours o) {
        return new GatewayBills.BillLine(o.transactionId(), o.orderNumber(), o.amount(), AT);
    }

    @Test
    void aShuffledPerturbedBillYieldsExactlyThePerturbations() {
        qt().forAll(integers().between(0, 200), longs().all()).checkAssert((n, seed) -> {
            Random r = new Random(seed);
            List<BillMatching.Ours> us = new ArrayList<>();
            for (int i = 0; i < n; i++) us.add(ours(i, 1 + r.nextInt(5_000_000)));
            List<GatewayBills.BillLine> bill = new ArrayList<>();
            Map<String, Kind> expected = new HashMap<>();
            List<BillMatching.Ours> ourSide = new ArrayList<>();
            for (BillMatching.Ours o : us) {
                Kind k = Kind.values()[r.nextInt(Kind.values().length)];
                // most transactions are fine
                if (r.nextInt(3) > 0) k = Kind.MATCHED;
                expected.put(o.transactionId(), k);
                switch (k) {
                    case MATCHED -> {
                        ourSide.add(o);
                        bill.add(line(o));
                    }
                    case MISSING_AT_US -> bill.add(line(o)); // we never credited it
                    case MISSING_AT_GATEWAY -> ourSide.add(o); // the bill does not have it
                    case DUPLICATE -> {
                        ourSide.add(o);
                        bill.add(line(o));
                        bill.add(line(o));
                    }
                    case AMOUNT_MISMATCH -> {
                        ourSide.add(o);
                        long other = o.amount().fen() + (1 + r.nextInt(1000)) * (r.nextBoolean() ? 1 : -1);
                        bill.add(new GatewayBills.BillLine(o.transactionId(), o.orderNumber(), Money.fen(other), AT));
                    }
                    case ORDER_MISMATCH -> {
                        ourSide.add(o);
                        bill.add(new GatewayBills.BillLine(o.transactionId(), o.orderNumber() + "X", o.amount(), AT));
                    }
                }
            }
            Collections.shuffle(bill, r);
            Collections.shuffle(ourSide, r);
            BillMatching.Result result = BillMatching.match(bill, ourSide);
            Map<String, Kind> found = new HashMap<>();
            for (BillMatching.Finding f : result.findings())
                assertThat(found.put(f.transactionId(), f.kind()))
                        .as("one finding per transaction")
                        .isNull();
            assertThat(found).isEqualTo(expected);
            assertThat(result.gatewaySum().fen())
                    .isEqualTo(bill.stream().mapToLong(l -> l.amount().fen()).sum());
            assertThat(result.ourSum()).isEqualTo(result.ledgerSum());
            boolean perfect = expected.values().stream().allMatch(k -> k == Kind.MATCHED);
            if (perfect) assertThat(result.gatewaySum()).isEqualTo(result.ourSum());
        });
    }

    @Test
    void aLedgerPostingOfAnotherAmountOrNoneIsAnAmountMismatchEvenWhenTheBillAgreesWithUs() {
        BillMatching.Ours noPosting = new BillMatching.Ours("T1", "GH1", Money.fen(100), null);
        BillMatching.Ours otherPosting = new BillMatching.Ours("T2", "GH2", Money.fen(200), Money.fen(199));
        BillMatching.Result r =
                BillMatching.match(List.of(line(noPosting), line(otherPosting)), List.of(noPosting, otherPosting));
        assertThat(r.findings())
                .extracting(BillMatching.Finding::kind)
                .containsExactly(Kind.AMOUNT_MISMATCH, Kind.AMOUNT_MISMATCH);
        assertThat(r.ledgerSum()).isEqualTo(Money.fen(199));
    }

    @Test
    void aDuplicatedLineOfAnotherAmountIsBothDuplicateAndMismatch() {
        BillMatching.Ours o = ours(1, 500);
        BillMatching.Result r = BillMatching.match(
                List.of(new GatewayBills.BillLine("T1", "GH1", Money.fen(400), AT), line(o)), List.of(o));
        assertThat(r.findings())
                .extracting(BillMatching.Finding::kind)
                .containsExactly(Kind.DUPLICATE, Kind.AMOUNT_MISMATCH);
        assertThat(r.findings().getFirst().gatewayAmount()).isEqualTo(Money.fen(900));
    }

    @Test
    void anEmptyDayMatchesWithZeroSums() {
        BillMatching.Result r = BillMatching.match(List.of(), List.of());
        assertThat(r.findings()).isEmpty();
        assertThat(r.gatewaySum()).isEqualTo(Money.ZERO);
    }
}
