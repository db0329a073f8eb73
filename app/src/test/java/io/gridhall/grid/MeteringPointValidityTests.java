package io.gridhall.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.grid.Grid.ImportBatch;
import io.gridhall.grid.Grid.MeteringPointRow;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** A meter meters one account at a time, for a stretch of days: it can be replaced and move between accounts. */
@SpringBootTest
@ActiveProfiles("test")
class MeteringPointValidityTests {

    @Autowired
    Grid grid;

    private void points(MeteringPointRow... rows) {
        grid.importRows(
                new ImportBatch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(rows)));
    }

    @Test
    void aMeterThatMovedToAnotherAccountCountsForEachOnItsOwnDays() {
        long[] accounts = Topologies.randomAccounts(7);
        Topologies.Small t = Topologies.small(grid, accounts);
        long moved = t.meters()[2]; // metered accounts[1] since installation
        // a meter can only move once its link to accounts[1] has ended: while it is in force, a second link is refused
        assertThatThrownBy(() -> points(new MeteringPointRow(moved, accounts[5], LocalDate.of(2026, 10, 16), null)))
                .isInstanceOf(RuntimeException.class);
        assertThat(grid.endMeteringPoint(moved, LocalDate.of(2026, 10, 15))).isTrue();
        assertThat(grid.endMeteringPoint(moved, LocalDate.of(2026, 10, 15)))
                .as("no link in force any more")
                .isFalse();
        points(new MeteringPointRow(moved, accounts[5], LocalDate.of(2026, 10, 16), null));
        assertThat(grid.meteringPoints(List.of(accounts[1]), LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31))
                        .get(accounts[1]))
                .singleElement()
                .satisfies(p -> assertThat(p.validTo()).isEqualTo(LocalDate.of(2026, 10, 15)));
        assertThat(grid.meter(moved).orElseThrow().supplyAccountId()).isEqualTo(accounts[5]);
        assertThatThrownBy(() -> points(new MeteringPointRow(moved, accounts[6], LocalDate.of(2026, 11, 1), null)))
                .as("a second link in force for the same meter")
                .isInstanceOf(RuntimeException.class);

        LocalDate from = LocalDate.of(2026, 10, 1);
        LocalDate to = LocalDate.of(2026, 10, 31);
        Map<Long, List<MeteringPointView>> october = grid.meteringPoints(List.of(accounts[5]), from, to);
        assertThat(october.get(accounts[5])).singleElement().satisfies(p -> {
            assertThat(p.meter().id()).isEqualTo(moved);
            assertThat(p.covers(LocalDate.of(2026, 10, 15))).isFalse();
            assertThat(p.covers(LocalDate.of(2026, 10, 16))).isTrue();
        });
        assertThat(grid.meteringPoints(List.of(accounts[5]), from, LocalDate.of(2026, 10, 15)))
                .isEmpty();
    }

    @Test
    void aReplacedMeterGivesTwoLinksInThePeriodAndOnlyTheNewOneIsCurrent() {
        long[] accounts = Topologies.randomAccounts(7);
        Topologies.Small t = Topologies.small(grid, accounts);
        long old = t.meters()[0];
        long fresh = t.meters()[1];
        // account 0 had meters 0 and 1 in force; meter 0 is replaced by a history row ending on 15 October
        LocalDate replaced = LocalDate.of(2026, 10, 15);
        points(new MeteringPointRow(old, accounts[6], LocalDate.of(2020, 1, 1), replaced));
        Map<Long, List<MeteringPointView>> october =
                grid.meteringPoints(List.of(accounts[6]), LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31));
        assertThat(october.get(accounts[6])).singleElement().satisfies(p -> {
            assertThat(p.validTo()).isEqualTo(replaced);
            assertThat(p.covers(replaced)).isTrue();
            assertThat(p.covers(replaced.plusDays(1))).isFalse();
        });
        // a link that ended is history: the account's current meters, the downstream queries and counts ignore it
        assertThat(grid.metersOfAccounts(List.of(accounts[6]))).isEmpty();
        assertThat(grid.meter(old).orElseThrow().supplyAccountId()).isEqualTo(accounts[0]);
        assertThat(grid.downstreamAccounts(NodeRef.meter(old), 0, 10).accountIds())
                .containsExactly(accounts[0]);
        assertThat(grid.metersOfAccounts(List.of(accounts[0])).get(accounts[0]))
                .extracting(MeterView::id)
                .containsExactly(old, fresh);
        assertThatThrownBy(() -> points(new MeteringPointRow(old, accounts[6], LocalDate.of(2026, 11, 1), replaced)))
                .as("a link that ends before it starts")
                .isInstanceOf(RuntimeException.class);
    }
}
