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
}
