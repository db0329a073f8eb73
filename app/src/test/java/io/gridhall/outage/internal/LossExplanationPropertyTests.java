package io.gridhall.outage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.quicktheories.QuickTheory.qt;

import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Suggestions over generated topologies (substations of lines of areas of meter boxes, with watched and lost meters),
 * issue 11: the suggested nodes qualify, explain every dark meter below a qualifying node, are as high as the
 * thresholds allow, and none is suggested twice or below another.
 */
class LossExplanationPropertyTests {

    /** The generated topology: boxes with their meters, and every node's parent. */
    record Case(Map<NodeRef, long[]> boxes, Map<NodeRef, NodeRef> parent, LossExplanation.Rule rule) {

        /** Every node with the sums of the boxes below it. */
        List<LossExplanation.Place> places() {
            Map<NodeRef, long[]> sums = new LinkedHashMap<>();
            boxes.forEach((box, wl) -> {
                for (NodeRef n = box; n != null; n = parent.get(n)) {
                    long[] s = sums.computeIfAbsent(n, k -> new long[2]);
                    s[0] += wl[0];
                    s[1] += wl[1];
                }
            });
            List<LossExplanation.Place> out = new ArrayList<>();
            sums.forEach((n, s) -> out.add(new LossExplanation.Place(n, parent.get(n), s[0], s[1])));
            return out;
        }

        boolean below(NodeRef node, NodeRef ancestor) {
            for (NodeRef n = node; n != null; n = parent.get(n)) if (n.equals(ancestor)) return true;
            return false;
        }
    }

    /**
     * 1..3 substations of 1..4 lines of 1..5 areas of 1..6 boxes with 0..12 watched meters each; at every level a
     * node may go quiet, scatter a few losses, or go out whole (a few meters still answering), so outages of boxes,
     * areas, lines and substations all occur.
     */
    static Gen<Case> cases() {
        return SourceDSL.longs()
                .all()
                .zip(SourceDSL.integers().between(1, 100), SourceDSL.integers().between(2, 12), (seed, share, min) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    Map<NodeRef, long[]> boxes = new LinkedHashMap<>();
                    Map<NodeRef, NodeRef> parent = new HashMap<>();
                    long id = 1;
                    int subs = 1 + r.nextInt(3);
                    for (int s = 0; s < subs; s++) {
                        NodeRef sub = NodeRef.substation(id++);
                        int subMode = r.nextInt(6); // 5: all out
                        int lines = 1 + r.nextInt(4);
                        for (int l = 0; l < lines; l++) {
                            NodeRef line = NodeRef.line(id++);
                            parent.put(line, sub);
                            int lineMode = subMode == 5 ? 5 : r.nextInt(6);
                            int areas = 1 + r.nextInt(5);
                            for (int a = 0; a < areas; a++) {
                                NodeRef area = NodeRef.area(id++);
                                parent.put(area, line);
                                int areaMode = lineMode == 5 ? 5 : r.nextInt(6);
                                int n = 1 + r.nextInt(6);
                                for (int b = 0; b < n; b++) {
                                    NodeRef box = NodeRef.box(id++);
                                    parent.put(box, area);
                                    int boxMode = areaMode == 5 ? 5 : r.nextInt(4) == 0 ? r.nextInt(6) : 0;
                                    long watched = r.nextInt(13);
                                    long lost = switch (boxMode) {
                                        case 0, 1 -> 0;
                                        case 2 -> watched == 0 ? 0 : r.nextInt(2);
                                        case 3, 4 -> watched == 0 ? 0 : r.nextLong(watched + 1) / 2;
                                        default -> watched - (watched == 0 ? 0 : r.nextLong(Math.max(1, watched / 5)));
                                    };
                                    boxes.put(box, new long[] {watched, lost});
                                }
                            }
                        }
                    }
                    return new Case(boxes, parent, new LossExplanation.Rule(share, min));
                });
    }

    @Test
    void everySuggestedNodeQualifiesWithExactCountsAndNoneIsSuggestedTwiceOrBelowAnother() {
        qt().forAll(cases()).checkAssert(c -> {
            Map<NodeRef, LossExplanation.Place> places = new HashMap<>();
            c.places().forEach(p -> places.put(p.node(), p));
            List<LossExplanation.Explained> out = LossExplanation.explain(c.places(), c.rule());
            Set<NodeRef> seen = new HashSet<>();
            for (LossExplanation.Explained e : out) {
                assertThat(seen.add(e.node())).isTrue();
                assertThat(c.rule().qualifies(e.watched(), e.lost())).isTrue();
                assertThat(e.watched()).isEqualTo(places.get(e.node()).watched());
                assertThat(e.lost()).isEqualTo(places.get(e.node()).lost());
                for (LossExplanation.Explained other : out) {
                    if (other != e) assertThat(c.below(e.node(), other.node())).isFalse();
                }
            }
        });
    }

    @Test
    void theDarkMetersBelowEveryQualifyingNodeAreExplained() {
        qt().forAll(cases()).checkAssert(c -> {
            List<NodeRef> suggested = LossExplanation.explain(c.places(), c.rule()).stream()
                    .map(LossExplanation.Explained::node)
                    .toList();
            for (LossExplanation.Place p : c.places()) {
                if (!c.rule().qualifies(p.watched(), p.lost())) continue;
                c.boxes().forEach((box, wl) -> {
                    if (wl[1] > 0 && c.below(box, p.node())) {
                        assertThat(suggested.stream().filter(s -> c.below(box, s)))
                                .as("dark box %s below qualifying %s", box, p.node())
                                .hasSize(1);
                    }
                });
            }
        });
    }

    @Test
    void eachSuggestionIsAsHighAsTheThresholdsAllowAndTheLowestNodeCoveringItsLosses() {
        qt().forAll(cases()).checkAssert(c -> {
            Map<NodeRef, LossExplanation.Place> places = new HashMap<>();
            c.places().forEach(p -> places.put(p.node(), p));
            for (LossExplanation.Explained e : LossExplanation.explain(c.places(), c.rule())) {
                // no node above it qualifies with its losses spread over two of its children
                for (NodeRef up = c.parent().get(e.node());
                        up != null;
                        up = c.parent().get(up)) {
                    LossExplanation.Place a = places.get(up);
                    assertThat(c.rule().qualifies(a.watched(), a.lost()) && childrenHit(c, places, up) >= 2)
                            .as("%s above %s", up, e.node())
                            .isFalse();
                }
                // and no single node below it holds all of its losses
                if (e.node().type() != NodeType.BOX) {
                    assertThat(childrenHit(c, places, e.node())).isGreaterThanOrEqualTo(2);
                }
            }
        });
    }

    @Test
    void aSingleMetersLossNeverSuggestsAnything() {
        qt().forAll(cases()).checkAssert(c -> {
            Map<NodeRef, long[]> one = new LinkedHashMap<>();
            boolean placed = false;
            for (var e : c.boxes().entrySet()) {
                long lost = !placed && e.getValue()[0] > 0 ? 1 : 0;
                placed |= lost == 1;
                one.put(e.getKey(), new long[] {e.getValue()[0], lost});
            }
            assertThat(LossExplanation.explain(new Case(one, c.parent(), c.rule()).places(), c.rule()))
                    .isEmpty();
        });
    }

    @Test
    void aBoxOutIsTheBoxTwoBoxesAreTheAreaTwoAreasTheLineTwoLinesTheSubstation() {
        LossExplanation.Rule rule = new LossExplanation.Rule(60, 3);
        Map<NodeRef, NodeRef> parent = new HashMap<>();
        parent.put(NodeRef.line(10), NodeRef.substation(1));
        parent.put(NodeRef.line(11), NodeRef.substation(1));
        parent.put(NodeRef.area(100), NodeRef.line(10));
        parent.put(NodeRef.area(101), NodeRef.line(10));
        parent.put(NodeRef.area(110), NodeRef.line(11));
        parent.put(NodeRef.box(1000), NodeRef.area(100));
        parent.put(NodeRef.box(1001), NodeRef.area(100));
        parent.put(NodeRef.box(1010), NodeRef.area(101));
        parent.put(NodeRef.box(1100), NodeRef.area(110));
        Map<NodeRef, long[]> boxes = new LinkedHashMap<>();
        boxes.put(NodeRef.box(1000), new long[] {4, 4});
        boxes.put(NodeRef.box(1001), new long[] {4, 0});
        boxes.put(NodeRef.box(1010), new long[] {8, 0});
        boxes.put(NodeRef.box(1100), new long[] {8, 0});
        Case c = new Case(boxes, parent, rule);

        assertThat(LossExplanation.explain(c.places(), rule))
                .containsExactly(new LossExplanation.Explained(NodeRef.box(1000), 4, 4, 1));
        boxes.put(NodeRef.box(1001), new long[] {4, 3});
        assertThat(LossExplanation.explain(c.places(), rule))
                .containsExactly(new LossExplanation.Explained(NodeRef.area(100), 8, 7, 1));
        boxes.put(NodeRef.box(1010), new long[] {8, 8});
        assertThat(LossExplanation.explain(c.places(), rule))
                .containsExactly(new LossExplanation.Explained(NodeRef.line(10), 16, 15, 2));
        boxes.put(NodeRef.box(1100), new long[] {8, 7});
        assertThat(LossExplanation.explain(c.places(), rule))
                .containsExactly(new LossExplanation.Explained(NodeRef.substation(1), 24, 22, 3));
        // a few meters of the second line dark as well: only the dark box is explained
        boxes.put(NodeRef.box(1100), new long[] {8, 2});
        boxes.put(NodeRef.box(1010), new long[] {8, 0});
        boxes.put(NodeRef.box(1001), new long[] {4, 0});
        assertThat(LossExplanation.explain(c.places(), rule))
                .containsExactly(new LossExplanation.Explained(NodeRef.box(1000), 4, 4, 1));
        // 59 % is not 60 %
        assertThat(LossExplanation.explain(
                        List.of(new LossExplanation.Place(NodeRef.area(1), NodeRef.line(1), 100, 59)), rule))
                .isEmpty();
        assertThat(LossExplanation.explain(
                        List.of(new LossExplanation.Place(NodeRef.area(1), NodeRef.line(1), 100, 60)), rule))
                .hasSize(1);
    }

    @Test
    void lossesNotPlacedInAnyGivenChildStayWithTheNodeAbove() {
        // an area whose dark meters' boxes are unknown: the area is the lowest node known to cover them
        LossExplanation.Rule rule = new LossExplanation.Rule(60, 3);
        assertThat(LossExplanation.explain(
                        List.of(
                                new LossExplanation.Place(NodeRef.area(1), NodeRef.line(1), 10, 8),
                                new LossExplanation.Place(NodeRef.box(2), NodeRef.area(1), 5, 4)),
                        rule))
                .containsExactly(new LossExplanation.Explained(NodeRef.area(1), 10, 8, 1));
    }

    @Test
    void refusesRulesAndPlacesThatWouldMislead() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LossExplanation.Rule(60, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new LossExplanation.Rule(0, 3));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LossExplanation.Place(NodeRef.area(1), NodeRef.line(1), 2, 3));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LossExplanation.Place(NodeRef.line(1), NodeRef.area(1), 2, 1));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LossExplanation.explain(
                        List.of(
                                new LossExplanation.Place(NodeRef.area(1), null, 2, 1),
                                new LossExplanation.Place(NodeRef.area(1), null, 2, 1)),
                        new LossExplanation.Rule(60, 2)));
    }

    private static long childrenHit(Case c, Map<NodeRef, LossExplanation.Place> places, NodeRef node) {
        return places.values().stream()
                .filter(p -> node.equals(c.parent().get(p.node())) && p.lost() > 0)
                .count();
    }
}
