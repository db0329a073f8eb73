package io.gridhall.outage.internal;

import io.gridhall.grid.NodeRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which nodes explain meters that lost supply (issue 11, ADR 0013): pure, no I/O.
 *
 * <p>A node <em>qualifies</em> when at least {@code minMeters} of its watched meters lost supply and they are at least
 * {@code sharePercent} of them. Each line is looked at first: a qualifying line whose lost meters lie in two areas
 * or more is the lowest node that covers them all and is suggested alone; otherwise each qualifying area of the line
 * is suggested on its own. So suggestions never overlap, every qualifying area is covered by exactly one, a single
 * meter never suggests anything, and a lost area never drags in its line unless its neighbours went with it.
 */
final class LossExplanation {

    /**
     * @param sharePercent share of a node's watched meters that must have lost supply, 1..100
     * @param minMeters meters at least, 2 or more (one meter alone is never an area outage)
     */
    record Rule(int sharePercent, int minMeters) {
        Rule {
            if (sharePercent < 1 || sharePercent > 100) throw new IllegalArgumentException("share 1..100 %");
            if (minMeters < 2) throw new IllegalArgumentException("at least 2 meters");
        }

        boolean qualifies(long watched, long lost) {
            return watched > 0 && lost >= minMeters && lost * 100 >= (long) sharePercent * watched;
        }
    }

    /**
     * A transformer area: its line, the meters watched there and how many of them lost supply.
     *
     * @param lineId its line; every area of a line must be given for the line's share to be right
     */
    record Area(long id, long lineId, long watched, long lost) {
        Area {
            if (watched < 0 || lost < 0 || lost > watched) throw new IllegalArgumentException("0 <= lost <= watched");
        }
    }

    /** A node that explains the losses below it. */
    record Explained(NodeRef node, long watched, long lost, int areas) {}

    private LossExplanation() {}

    static List<Explained> explain(Collection<Area> areas, Rule rule) {
        Map<Long, List<Area>> byLine = new LinkedHashMap<>();
        areas.stream()
                .sorted(Comparator.comparingLong(Area::lineId).thenComparingLong(Area::id))
                .forEach(a -> byLine.computeIfAbsent(a.lineId(), k -> new ArrayList<>())
                        .add(a));
        List<Explained> out = new ArrayList<>();
        byLine.forEach((line, list) -> {
            long watched = 0;
            long lost = 0;
            int hit = 0;
            for (Area a : list) {
                watched += a.watched();
                lost += a.lost();
                if (a.lost() > 0) hit++;
            }
            if (hit >= 2 && rule.qualifies(watched, lost)) {
                out.add(new Explained(NodeRef.line(line), watched, lost, hit));
                return;
            }
            for (Area a : list) {
                if (rule.qualifies(a.watched(), a.lost())) {
                    out.add(new Explained(NodeRef.area(a.id()), a.watched(), a.lost(), 1));
                }
            }
        });
        return out;
    }
}
