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

    /** Part of payment {@code i} paid back through the gateway under refund number RF{@code i}. */
    static BillMatching.Ours refund(int i, long fen) {
        return new BillMatching.Ours("T" + i, "GH" + i, Money.fen(-fen), Money.fen(-fen), "RF" + i);
    }

    static GatewayBills.BillLine line(BillMatching.Ours o) {
        return line(o, o.transactionId(), o.orderNumber(), o.amount());
    }

    static GatewayBills.BillLine line(BillMatching.Ours o, String transactionId, String orderNumber, Money amount) {
        return new GatewayBills.BillLine(transactionId, orderNumber, amount, AT, o.refundNumber());
    }

    /** What a finding is about: a payment by its transaction id, a refund by its refund number. */
    static String key(String transactionId, String refundNumber) {
        return refundNumber != null ? refundNumber : transactionId;
    }

    @Test
    void aShuffledPerturbedBillOfPaymentsAndRefundsYieldsExactlyThePerturbations() {
        qt().forAll(integers().between(0, 200), longs().all()).checkAssert((n, seed) -> {
            Random r = new Random(seed);
            List<BillMatching.Ours> us = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long paid = 1 + r.nextInt(5_000_000);
                us.add(ours(i, paid));
                // some payments are partly or wholly paid back through the gateway
                if (r.nextInt(4) == 0) us.add(refund(i, 1 + r.nextLong(paid)));
            }
            List<GatewayBills.BillLine> bill = new ArrayList<>();
            Map<String, Kind> expected = new HashMap<>();
            List<BillMatching.Ours> ourSide = new ArrayList<>();
            for (BillMatching.Ours o : us) {
                Kind k = Kind.values()[r.nextInt(Kind.values().length)];
                // most transactions are fine
                if (r.nextInt(3) > 0) k = Kind.MATCHED;
                expected.put(key(o.transactionId(), o.refundNumber()), k);
                switch (k) {
                    case MATCHED -> {
                        ourSide.add(o);
                        bill.add(line(o));
                    }
                    case MISSING_AT_US -> bill.add(line(o)); // we never credited (refunded) it
                    case MISSING_AT_GATEWAY -> ourSide.add(o); // the bill does not have it
                    case DUPLICATE -> {
                        ourSide.add(o);
                        bill.add(line(o));
                        bill.add(line(o));
                    }
                    case AMOUNT_MISMATCH -> {
                        ourSide.add(o);
                        long other = o.amount().fen() + (1 + r.nextInt(1000)) * (r.nextBoolean() ? 1 : -1);
                        bill.add(line(o, o.transactionId(), o.orderNumber(), Money.fen(other)));
                    }
                    case ORDER_MISMATCH -> {
                        ourSide.add(o);
                        // a payment's line names another order; a refund's another payment
                        bill.add(
                                o.refundNumber() == null
                                        ? line(o, o.transactionId(), o.orderNumber() + "X", o.amount())
                                        : line(o, o.transactionId() + "X", o.orderNumber(), o.amount()));
                    }
                }
            }
            Collections.shuffle(bill, r);
            Collections.shuffle(ourSide, r);
            BillMatching.Result result = BillMatching.match(bill, ourSide);
            Map<String, Kind> found = new HashMap<>();
            for (BillMatching.Finding f : result.findings())
                assertThat(found.put(key(f.transactionId(), f.refundNumber()), f.kind()))
                        .as("one finding per transaction and per refund")
                        .isNull();
            assertThat(found).isEqualTo(expected);
            assertThat(result.gatewaySum().fen())
                    .as("the bill's sum is net of its refunds")
                    .isEqualTo(bill.stream().mapToLong(l -> l.amount().fen()).sum());
            assertThat(result.ourSum()).isEqualTo(result.ledgerSum());
            boolean perfect = expected.values().stream().allMatch(k -> k == Kind.MATCHED);
            if (perfect) assertThat(result.gatewaySum()).isEqualTo(result.ourSum());
        });
    }

    @Test
    void aRefundIsMatchedOnItsRefundNumberApartFromItsPayment() {
        BillMatching.Ours paid = ours(1, 1000);
        BillMatching.Ours first = new BillMatching.Ours("T1", "GH1", Money.fen(-300), Money.fen(-300), "RF1");
        BillMatching.Ours second = new BillMatching.Ours("T1", "GH1", Money.fen(-200), null, "RF2");
        BillMatching.Result r = BillMatching.match(
                List.of(line(paid), line(first), line(second), line(ours(9, 5), "T9", "GH9", Money.fen(-5))),
                List.of(paid, first, second));
        assertThat(r.findings())
                .extracting(f -> f.kind() + " " + key(f.transactionId(), f.refundNumber()))
                .containsExactly(
                        "MATCHED RF1",
                        // the gateway paid it back, the ledger has not posted its reversal (yet)
                        "AMOUNT_MISMATCH RF2",
                        "MATCHED T1",
                        // a payment line of T9 of minus five fen: the bill's, not ours
                        "MISSING_AT_US T9");
        assertThat(r.gatewaySum()).isEqualTo(Money.fen(1000 - 300 - 200 - 5));
        assertThat(r.ourSum()).isEqualTo(Money.fen(500));
        assertThat(r.ledgerSum()).isEqualTo(Money.fen(700));
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
