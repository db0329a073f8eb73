package io.gridhall.outage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.quicktheories.QuickTheory.qt;

import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/** Suggestions over generated topologies (lines of areas with watched and lost meters), issue 11. */
class LossExplanationPropertyTests {

    record Case(List<LossExplanation.Area> areas, LossExplanation.Rule rule) {}

    /** 1..6 lines of 1..8 areas, 0..60 watched meters each; losses drawn so that whole areas and lines go too. */
    static Gen<Case> cases() {
        return SourceDSL.longs()
                .all()
                .zip(SourceDSL.integers().between(1, 100), SourceDSL.integers().between(2, 12), (seed, share, min) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    List<LossExplanation.Area> areas = new ArrayList<>();
                    long id = 1;
                    int lines = 1 + r.nextInt(6);
                    for (int line = 1; line <= lines; line++) {
                        int mode = r.nextInt(4); // 0 quiet, 1 scattered, 2 some areas out, 3 whole line out
                        int n = 1 + r.nextInt(8);
                        for (int i = 0; i < n; i++) {
                            long watched = r.nextInt(61);
                            long lost = switch (mode) {
                                case 0 -> watched == 0 ? 0 : r.nextInt(2) == 0 ? 0 : 1;
                                case 1 -> watched == 0 ? 0 : r.nextLong(watched + 1) / 3;
                                case 2 -> r.nextBoolean() ? watched : 0;
                                default -> watched - (watched == 0 ? 0 : r.nextLong(Math.max(1, watched / 10)));
                            };
                            areas.add(new LossExplanation.Area(id++, line, watched, lost));
                        }
                    }
                    return new Case(areas, new LossExplanation.Rule(share, min));
                });
    }

    @Test
    void everySuggestedNodeQualifiesAndNoneOverlap() {
        qt().forAll(cases()).checkAssert(c -> {
            List<LossExplanation.Explained> out = LossExplanation.explain(c.areas(), c.rule());
            Set<Long> lines = new HashSet<>();
            for (LossExplanation.Explained e : out) {
                assertThat(c.rule().qualifies(e.watched(), e.lost())).isTrue();
                if (e.node().type() == NodeType.LINE) lines.add(e.node().id());
            }
            for (LossExplanation.Explained e : out) {
                if (e.node().type() == NodeType.AREA) {
                    assertThat(lines).doesNotContain(area(c, e.node().id()).lineId());
                }
            }
            assertThat(out.stream()
                            .map(LossExplanation.Explained::node)
                            .distinct()
                            .count())
                    .isEqualTo(out.size());
        });
    }

    @Test
    void aSuggestedLineIsTheLowestNodeCoveringItsLossesAndSharesAreExact() {
        qt().forAll(cases()).checkAssert(c -> {
            for (LossExplanation.Explained e : LossExplanation.explain(c.areas(), c.rule())) {
                List<LossExplanation.Area> below = e.node().type() == NodeType.LINE
                        ? c.areas().stream()
                                .filter(a -> a.lineId() == e.node().id())
                                .toList()
                        : List.of(area(c, e.node().id()));
                assertThat(e.watched())
                        .isEqualTo(below.stream()
                                .mapToLong(LossExplanation.Area::watched)
                                .sum());
                assertThat(e.lost())
                        .isEqualTo(below.stream()
                                .mapToLong(LossExplanation.Area::lost)
                                .sum());
                if (e.node().type() == NodeType.LINE) {
                    // the losses span two areas at least: no single area below the line covers them all
                    assertThat(below.stream().filter(a -> a.lost() > 0).count()).isGreaterThanOrEqualTo(2);
                }
            }
        });
    }

    @Test
    void everyQualifyingAreaIsCoveredByExactlyOneSuggestion() {
        qt().forAll(cases()).checkAssert(c -> {
            List<LossExplanation.Explained> out = LossExplanation.explain(c.areas(), c.rule());
            Set<NodeRef> nodes =
                    out.stream().map(LossExplanation.Explained::node).collect(Collectors.toSet());
            for (LossExplanation.Area a : c.areas()) {
                boolean byArea = nodes.contains(NodeRef.area(a.id()));
                boolean byLine = nodes.contains(NodeRef.line(a.lineId()));
                assertThat(byArea && byLine).isFalse();
                if (c.rule().qualifies(a.watched(), a.lost()))
                    assertThat(byArea || byLine).isTrue();
            }
        });
    }

    @Test
    void aSingleMetersLossNeverSuggestsAnything() {
        qt().forAll(cases()).checkAssert(c -> {
            // keep one lost meter in one area, nothing anywhere else
            List<LossExplanation.Area> one = new ArrayList<>();
            boolean placed = false;
            for (LossExplanation.Area a : c.areas()) {
                long lost = !placed && a.watched() > 0 ? 1 : 0;
                placed |= lost == 1;
                one.add(new LossExplanation.Area(a.id(), a.lineId(), a.watched(), lost));
            }
            assertThat(LossExplanation.explain(one, c.rule())).isEmpty();
        });
    }

    @Test
    void aWholeAreaOutIsThatAreaAndTwoAreasOfALineAreTheLine() {
        LossExplanation.Rule rule = new LossExplanation.Rule(60, 3);
        var area1 = new LossExplanation.Area(1, 10, 40, 40);
        var area2 = new LossExplanation.Area(2, 10, 40, 0);
        var area3 = new LossExplanation.Area(3, 10, 20, 1);

        assertThat(LossExplanation.explain(List.of(area1, area2, area3), rule))
                .containsExactly(new LossExplanation.Explained(NodeRef.area(1), 40, 40, 1));
        assertThat(LossExplanation.explain(List.of(area1, new LossExplanation.Area(2, 10, 40, 38), area3), rule))
                .containsExactly(new LossExplanation.Explained(NodeRef.line(10), 100, 79, 3));
        // 59 % is not 60 %
        assertThat(LossExplanation.explain(List.of(new LossExplanation.Area(1, 10, 100, 59)), rule))
                .isEmpty();
        assertThat(LossExplanation.explain(List.of(new LossExplanation.Area(1, 10, 100, 60)), rule))
                .hasSize(1);
    }

    @Test
    void refusesRulesThatWouldLetOneMeterSpeakForAnArea() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LossExplanation.Rule(60, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new LossExplanation.Rule(0, 3));
        assertThatIllegalArgumentException().isThrownBy(() -> new LossExplanation.Area(1, 1, 2, 3));
    }

    private static LossExplanation.Area area(Case c, long id) {
        Map<Long, LossExplanation.Area> byId =
                c.areas().stream().collect(Collectors.toMap(LossExplanation.Area::id, a -> a));
        return byId.get(id);
    }
}
