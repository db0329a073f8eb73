package io.gridhall.outage.internal;

import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeType;
import io.gridhall.grid.NodeView;
import io.gridhall.outage.OutageId;
import io.gridhall.outage.OutageNode;
import io.gridhall.shared.BulkCopy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Matches an outage's nodes to the supply accounts below them (营配调贯通) and keeps them: grid streams each node's
 * downstream accounts (one index range scan on the denormalised meter path, no SQL across schemas), the ids are
 * merged, sorted and de-duplicated here, and the new ones are copied into {@code outage.affected_account} with COPY.
 * The places (transformer areas, meter boxes) below the nodes are kept with them for the maps.
 */
@Component
class AffectedAccounts {

    private static final Logger log = LoggerFactory.getLogger(AffectedAccounts.class);

    /** Ids copied per COPY statement: bounded text buffers whatever the outage. */
    static final int CHUNK = 100_000;

    private final Grid grid;
    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final DataSource dataSource;

    AffectedAccounts(Grid grid, JdbcClient jdbc, DataSource dataSource) {
        this.grid = grid;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(10_000);
    }

    /** The distinct accounts below any of the nodes, ascending. */
    long[] below(List<OutageNode> nodes) {
        LongStream.Builder ids = LongStream.builder();
        for (OutageNode node : nodes) grid.forEachDownstreamAccount(new NodeRef(node.type(), node.id()), ids::add);
        return ids.build().sorted().distinct().toArray();
    }

    /** The accounts kept for the outage, ascending. */
    long[] kept(OutageId outage) {
        LongStream.Builder ids = LongStream.builder();
        streaming.query(
                "select supply_account_id from outage.affected_account where outage_id = ? order by 1",
                rs -> {
                    ids.add(rs.getLong(1));
                },
                outage.value());
        return ids.build().toArray();
    }

    /**
     * Keeps the accounts below the nodes that the outage does not have yet, as of {@code version}; the caller holds
     * the outage's lock.
     *
     * @return every account now kept for the outage, ascending
     */
    long[] keep(OutageId outage, int version, List<OutageNode> nodes, boolean firstTime) {
        long started = System.nanoTime();
        long[] below = below(nodes);
        long matched = System.nanoTime();
        long[] kept = firstTime ? new long[0] : kept(outage);
        long[] added = firstTime ? below : minus(below, kept);
        for (int from = 0; from < added.length; from += CHUNK) {
            List<Long> chunk = Arrays.stream(added, from, Math.min(added.length, from + CHUNK))
                    .boxed()
                    .toList();
            BulkCopy.copy(
                    dataSource, "outage.affected_account", "outage_id, supply_account_id, since_version", chunk, a ->
                            new Object[] {outage.value(), a, version});
        }
        long copied = System.nanoTime();
        keepPlaces(outage, version, nodes);
        log.info(
                "Outage {} v{}: {} accounts below {} nodes matched in {} ms, {} new kept in {} ms, places in {} ms",
                outage.value(),
                version,
                below.length,
                nodes.size(),
                (matched - started) / 1_000_000,
                added.length,
                (copied - matched) / 1_000_000,
                (System.nanoTime() - copied) / 1_000_000);
        if (kept.length == 0) return added;
        return LongStream.concat(LongStream.of(kept), LongStream.of(added))
                .sorted()
                .toArray();
    }

    /** Ascending a minus ascending b. */
    static long[] minus(long[] a, long[] b) {
        LongStream.Builder out = LongStream.builder();
        int j = 0;
        for (long x : a) {
            while (j < b.length && b[j] < x) j++;
            if (j >= b.length || b[j] != x) out.add(x);
        }
        return out.build().toArray();
    }

    private void keepPlaces(OutageId outage, int version, List<OutageNode> nodes) {
        List<NodeView> places = new ArrayList<>();
        for (OutageNode node : nodes) places.addAll(placesBelow(new NodeRef(node.type(), node.id())));
        for (NodeView place : places) {
            jdbc.sql("""
                            insert into outage.affected_place (outage_id, node_type, node_id, code, name, lat, lon, accounts,
                                since_version)
                            values (:outage, :type, :id, :code, :name, :lat, :lon, :accounts, :version)
                            on conflict do nothing""")
                    .param("outage", outage.value())
                    .param("type", place.ref().type().name())
                    .param("id", place.ref().id())
                    .param("code", place.code())
                    .param("name", place.name())
                    .param("lat", place.lat())
                    .param("lon", place.lon())
                    .param("accounts", place.accounts())
                    .param("version", version)
                    .update();
        }
    }

    /** The transformer areas below a substation or line, or the area or box itself. */
    private List<NodeView> placesBelow(NodeRef node) {
        return switch (node.type()) {
            case AREA, BOX -> grid.node(node).map(List::of).orElse(List.of());
            case LINE -> grid.children(node);
            case SUBSTATION ->
                grid.children(node).stream()
                        .flatMap(line -> grid.children(line.ref()).stream())
                        .toList();
            default -> List.of();
        };
    }

    /** Levels an outage may name. */
    static boolean nameable(NodeType type) {
        return type == NodeType.SUBSTATION || type == NodeType.LINE || type == NodeType.AREA || type == NodeType.BOX;
    }
}
