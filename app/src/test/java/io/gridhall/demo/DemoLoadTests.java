package io.gridhall.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeType;
import io.gridhall.grid.NodeView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest
@ActiveProfiles("test")
class DemoLoadTests {

    @Autowired
    Grid grid;

    @Autowired
    Customers customers;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Clock clock;

    @Test
    void loadsThroughTheFacadesAndWritesTheRoster(@TempDir Path dir) throws Exception {
        long before = customers.countCustomers();
        // a random seed: the shared test database may already hold another run's numbers
        long seed = ThreadLocalRandom.current().nextLong();
        DemoGenerator.Result result =
                new DemoLoad(grid, customers, transactions, clock).load(seed, 400, dir.resolve("meters.csv"));
        assertThat(customers.countCustomers() - before).isEqualTo(400 + 4);
        List<String> roster = Files.readAllLines(dir.resolve("meters.csv"));
        assertThat(roster.getFirst()).isEqualTo("concentrator_id,meter_address,customer_class,fee_control");
        assertThat(roster).hasSize(1 + 400 + 4 + 1);
        NodeView branch = grid.node(new NodeRef(
                        NodeType.BRANCH, result.branches().getFirst().value()))
                .orElseThrow();
        assertThat(branch.accounts()).isGreaterThan(150);
        NodeView substation = grid.children(branch.ref()).getFirst();
        NodeView line = grid.children(substation.ref()).getFirst();
        assertThat(grid.countDownstreamAccounts(line.ref()))
                .isEqualTo(line.accounts())
                .isPositive();
        // the example with two homes: two accounts in two branches, both with a supply path
        DemoGenerator.Example twoHomes = result.examples().getFirst();
        assertThat(twoHomes.accountNumbers()).hasSize(2);
        var a = customers.accountByNumber(twoHomes.accountNumbers().get(0)).orElseThrow();
        var b = customers.accountByNumber(twoHomes.accountNumbers().get(1)).orElseThrow();
        assertThat(a.customerId()).isEqualTo(b.customerId());
        assertThat(a.branchId()).isNotEqualTo(b.branchId());
        assertThat(grid.supplyPath(b.id())).get().extracting(p -> p.branchId()).isEqualTo(b.branchId());
    }

    /** Issue 8: the demo county's roads and place names lie beside its grid, the same for the same grid and seed. */
    @Test
    void drawsRoadsStreetsAndPlacesBesideTheGeneratedGrid(@TempDir Path dir) throws Exception {
        long seed = ThreadLocalRandom.current().nextLong();
        DemoGenerator.Result result =
                new DemoLoad(grid, customers, transactions, clock).load(seed, 200, dir.resolve("meters.csv"));
        List<io.gridhall.grid.BranchView> branches = result.branches().stream()
                .map(id -> grid.branch(id).orElseThrow())
                .toList();

        var map = DemoBaseMap.of(grid, branches, seed);

        assertThat(DemoBaseMap.of(grid, branches, seed)).isEqualTo(map);
        List<java.util.Map<String, Object>> features = features(map);
        long areas = branches.stream()
                .flatMap(b -> features(grid.map(b.id(), null)).stream())
                .filter(f -> "area".equals(props(f).get("type")))
                .count();
        assertThat(features.stream().filter(f -> "street".equals(props(f).get("kind"))))
                .as("a street through every transformer area")
                .hasSize((int) areas);
        assertThat(features.stream()
                        .filter(f -> "town".equals(props(f).get("kind")))
                        .map(f -> String.valueOf(props(f).get("name"))))
                .containsExactly("城关镇", "新登镇", "场口镇");
        assertThat(features.stream().filter(f -> "village".equals(props(f).get("kind"))))
                .isNotEmpty()
                .allMatch(f -> String.valueOf(props(f).get("name")).endsWith("村"));
        assertThat(features.stream().filter(f -> "road".equals(props(f).get("kind"))))
                .hasSizeGreaterThan(branches.size());
        Path file = dir.resolve("basemap.geojson");
        assertThat(DemoBaseMap.write(grid, seed, file)).isGreaterThanOrEqualTo(features.size());
        assertThat(Files.readString(file)).startsWith("{\"type\":\"FeatureCollection\"");
    }

    @Test
    void namesTheVillageOfATransformerArea() {
        assertThat(DemoBaseMap.village("东3号公变")).isEqualTo("东村");
        assertThat(DemoBaseMap.village("南坞12号专变")).isEqualTo("南坞村");
        assertThat(DemoBaseMap.village("城南配电房")).isEqualTo("城南配电房");
    }

    @SuppressWarnings("unchecked")
    private static List<java.util.Map<String, Object>> features(java.util.Map<String, Object> collection) {
        return (List<java.util.Map<String, Object>>) collection.get("features");
    }

    private static java.util.Map<?, ?> props(java.util.Map<String, Object> feature) {
        return (java.util.Map<?, ?>) feature.get("properties");
    }
}
