package io.gridhall.outage.internal;

import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which nodes explain meters that lost supply (issue 11, ADR 0013): pure, no I/O.
 *
 * <p>The places are a part of the topology (substations, lines, transformer areas, meter boxes), each with the meters
 * watched below it and how many of them lost supply. A node <em>qualifies</em> when at least {@code minMeters} of its
 * watched meters lost supply and they are at least {@code sharePercent} of them. The nodes are looked at from the top
 * down: a qualifying node is suggested when no single node below it holds all of its losses (it is the lowest node
 * that covers them: a line whose dark meters lie in two areas, an area whose dark meters lie in two boxes, a box);
 * a qualifying node whose losses all lie in one child leaves it to that child, which qualifies too; a node that does
 * not qualify leaves it to each of its children with losses. So suggestions never overlap, the losses below every
 * qualifying node are covered by exactly one suggestion, each is as high as the thresholds allow, and a single meter
 * never suggests anything.
 */
final class LossExplanation {

    /**
     * @param sharePercent share of a node's watched meters that must have lost supply, 1..100
     * @param minMeters meters at least, 2 or more (one meter alone is never an outage)
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
     * One node with the meters watched at or below it and how many of them lost supply. Children not given count as
     * unknown: their node's losses are then not held by any one child, and the node itself is the lowest that covers
     * them. Every child of a node that is given must be given for the node's share to be right.
     *
     * @param parent the node above; null (or a node not given) at the top of what is looked at
     */
    record Place(NodeRef node, NodeRef parent, long watched, long lost) {
        Place {
            if (watched < 0 || lost < 0 || lost > watched) throw new IllegalArgumentException("0 <= lost <= watched");
            if (node.type() == NodeType.BRANCH || node.type() == NodeType.METER) {
                throw new IllegalArgumentException("substations, lines, areas and boxes only");
            }
            if (parent != null && parent.type().ordinal() >= node.type().ordinal()) {
                throw new IllegalArgumentException("a parent is above its child");
            }
        }
    }

    /** A node that explains the losses below it; {@code areas} counts the transformer areas with losses there. */
    record Explained(NodeRef node, long watched, long lost, int areas) {}

    private static final Comparator<Place> ORDER = Comparator.comparing(
                    (Place p) -> p.node().type())
            .thenComparingLong(p -> p.node().id());

    private LossExplanation() {}

    static List<Explained> explain(Collection<Place> places, Rule rule) {
        Map<NodeRef, Place> byNode = new HashMap<>();
        for (Place p : places) {
            if (byNode.put(p.node(), p) != null) throw new IllegalArgumentException("a node given twice");
        }
        Map<NodeRef, List<Place>> children = new HashMap<>();
        List<Place> roots = new ArrayList<>();
        for (Place p : places) {
            if (p.parent() != null && byNode.containsKey(p.parent())) {
                children.computeIfAbsent(p.parent(), k -> new ArrayList<>()).add(p);
            } else {
                roots.add(p);
            }
        }
        children.values().forEach(l -> l.sort(ORDER));
        roots.sort(ORDER);
        List<Explained> out = new ArrayList<>();
        for (Place root : roots) visit(root, children, rule, out);
        return out;
    }

    private static void visit(Place p, Map<NodeRef, List<Place>> children, Rule rule, List<Explained> out) {
        if (p.lost() == 0) return;
        List<Place> hit = children.getOrDefault(p.node(), List.of()).stream()
                .filter(c -> c.lost() > 0)
                .toList();
        if (rule.qualifies(p.watched(), p.lost())) {
            if (hit.size() == 1 && hit.getFirst().lost() == p.lost()) {
                visit(hit.getFirst(), children, rule, out);
            } else {
                out.add(new Explained(p.node(), p.watched(), p.lost(), Math.max(1, areasHit(p, children))));
            }
            return;
        }
        for (Place c : hit) visit(c, children, rule, out);
    }

    private static int areasHit(Place p, Map<NodeRef, List<Place>> children) {
        if (p.lost() == 0) return 0;
        if (p.node().type().ordinal() >= NodeType.AREA.ordinal()) return 1;
        int n = 0;
        for (Place c : children.getOrDefault(p.node(), List.of())) n += areasHit(c, children);
        return n;
    }
}
