package io.gridhall.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.gridhall.metering.MeteringTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The usage comparison computes its quartiles and the share below the customer in memory from a cached peer group
 * (issue #8); they must be what PostgreSQL's {@code percentile_disc} and {@code count(*) filter} gave before.
 */
@MeteringTest
class PeerPercentilesTests {

    @Autowired
    JdbcClient jdbc;

    record Figures(long median, long p25, long p75, int below) {}

    @Test
    void quartilesAndTheShareBelowAreWhatPostgresqlComputes() {
        qt().withExamples(60)
                .forAll(
                        lists().of(longs().between(0, 5_000)).ofSizeBetween(1, 40),
                        integers().between(-10, 5_010))
                .checkAssert((values, mine) -> {
                    long[] sorted =
                            values.stream().mapToLong(Long::longValue).sorted().toArray();
                    Figures postgres = jdbc.sql("""
                                    select percentile_disc(0.5) within group (order by x) as median,
                                           percentile_disc(0.25) within group (order by x) as p25,
                                           percentile_disc(0.75) within group (order by x) as p75,
                                           count(*) filter (where x < :mine)::int as below
                                    from unnest(cast(:xs as bigint[])) x""")
                            .param("xs", values.toArray(Long[]::new))
                            .param("mine", (long) mine)
                            .query(Figures.class)
                            .single();
                    Figures ours = new Figures(
                            UsageAnalysis.percentileDisc(sorted, 1, 2),
                            UsageAnalysis.percentileDisc(sorted, 1, 4),
                            UsageAnalysis.percentileDisc(sorted, 3, 4),
                            UsageAnalysis.below(sorted, mine));
                    assertThat(ours)
                            .as("%s, mine %d", List.copyOf(values), mine)
                            .isEqualTo(postgres);
                });
    }
}
