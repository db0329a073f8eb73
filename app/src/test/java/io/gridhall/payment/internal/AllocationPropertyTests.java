package io.gridhall.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class AllocationPropertyTests {

    static final LocalDate DAY = LocalDate.of(2026, 1, 1);

    /** Open items with distinct ids, due on one of a few days (ties happen), open from 1 fen to 100,000 yuan. */
    static Gen<List<Allocation.Open>> openItems() {
        return lists().of(integers().between(0, 40).zip(longs().between(1, 10_000_000L), (due, open) ->
                        new long[] {due, open}))
                .ofSizeBetween(0, 12)
                .map(raw -> {
                    List<Allocation.Open> out = new ArrayList<>();
                    for (int i = 0; i < raw.size(); i++)
                        out.add(new Allocation.Open(1000 - i, DAY.plusDays(raw.get(i)[0]), raw.get(i)[1]));
                    return out;
                });
    }

    @Test
    void whatIsAllocatedPlusTheCreditIsWhatWasPaid() {
        qt().forAll(openItems(), longs().between(0, 50_000_000L)).checkAssert((open, paid) -> {
            Allocation.Result r = Allocation.allocate(open, paid, Set.of());
            assertThat(r.allocated() + r.credit()).isEqualTo(paid);
            assertThat(r.credit()).isNotNegative();
            // credit only when everything open is settled
            long owed = open.stream().mapToLong(Allocation.Open::open).sum();
            assertThat(r.credit()).isEqualTo(Math.max(0, paid - owed));
            assertThat(r.allocated()).isEqualTo(Math.min(paid, owed));
        });
    }

    @Test
    void noItemIsSettledBeyondWhatIsOpenOrTwice() {
        qt().forAll(openItems(), longs().between(0, 50_000_000L)).checkAssert((open, paid) -> {
            Map<Long, Long> openById = new HashMap<>();
            open.forEach(o -> openById.put(o.itemId(), o.open()));
            Set<Long> seen = new HashSet<>();
            for (Allocation.Settled s :
                    Allocation.allocate(open, paid, Set.of()).settled()) {
                assertThat(seen.add(s.itemId())).isTrue();
                assertThat(s.amount()).isPositive().isLessThanOrEqualTo(openById.get(s.itemId()));
            }
        });
    }

    @Test
    void theOldestAreSettledFirstAndInFull() {
        qt().forAll(openItems(), longs().between(0, 50_000_000L)).checkAssert((open, paid) -> {
            List<Allocation.Settled> settled =
                    Allocation.allocate(open, paid, Set.of()).settled();
            List<Allocation.Open> oldestFirst =
                    open.stream().sorted(Allocation.OLDEST_FIRST).toList();
            // the settled items are the first ones in age order; all but the last are settled in full
            for (int i = 0; i < settled.size(); i++) {
                assertThat(settled.get(i).itemId()).isEqualTo(oldestFirst.get(i).itemId());
                if (i < settled.size() - 1)
                    assertThat(settled.get(i).amount())
                            .isEqualTo(oldestFirst.get(i).open());
            }
        });
    }

    @Test
    void aPayerWhoChoseBillsSettlesOnlyThoseAndTheRestIsCredit() {
        qt().forAll(openItems(), longs().between(0, 50_000_000L), integers().between(0, 4095))
                .checkAssert((open, paid, mask) -> {
                    Set<Long> chosen = new HashSet<>();
                    for (int i = 0; i < open.size(); i++)
                        if ((mask & (1 << i)) != 0) chosen.add(open.get(i).itemId());
                    Allocation.Result r = Allocation.allocate(open, paid, chosen);
                    assertThat(r.allocated() + r.credit()).isEqualTo(paid);
                    if (!chosen.isEmpty())
                        assertThat(r.settled())
                                .allSatisfy(s -> assertThat(chosen).contains(s.itemId()));
                    long owedChosen = open.stream()
                            .filter(o -> chosen.isEmpty() || chosen.contains(o.itemId()))
                            .mapToLong(Allocation.Open::open)
                            .sum();
                    assertThat(r.allocated()).isEqualTo(Math.min(paid, owedChosen));
                });
    }
}
