package io.gridhall.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.Customers;
import io.gridhall.customer.IdNumbers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoGeneratorTests {

    /** Keeps every row in memory (small N only) and digests them in order. */
    static final class CollectingSink implements DemoSink {
        final Map<NodeType, Long> gridCounters = new EnumMap<>(NodeType.class);
        long customerCounter;
        long accountCounter;
        final List<Customers.CustomerRow> customers = new ArrayList<>();
        final List<Customers.AccountRow> accounts = new ArrayList<>();
        final List<Customers.ContactRow> contacts = new ArrayList<>();
        final List<Customers.GroupLinkRow> links = new ArrayList<>();
        final List<Grid.AreaRow> areas = new ArrayList<>();
        final List<Grid.BoxRow> boxes = new ArrayList<>();
        final List<Grid.MeterRow> meters = new ArrayList<>();
        final List<Grid.MeteringPointRow> points = new ArrayList<>();
        final List<Grid.BranchRow> branches = new ArrayList<>();
        final List<String> roster = new ArrayList<>();
        final Map<String, List<Long>> prebound = new HashMap<>();
        final MessageDigest digest;

        CollectingSink() throws Exception {
            digest = MessageDigest.getInstance("SHA-256");
        }

        private long[] next(long start, int n) {
            long[] ids = new long[n];
            for (int i = 0; i < n; i++) ids[i] = start + i + 1;
            return ids;
        }

        @Override
        public long[] gridIds(NodeType type, int n) {
            long start = gridCounters.getOrDefault(type, 0L);
            gridCounters.put(type, start + n);
            return next(start, n);
        }

        @Override
        public long[] customerIds(int n) {
            customerCounter += n;
            return next(customerCounter - n, n);
        }

        @Override
        public long[] accountIds(int n) {
            accountCounter += n;
            return next(accountCounter - n, n);
        }

        @Override
        public void write(Customers.ImportBatch c, Grid.ImportBatch g) {
            customers.addAll(c.customers());
            accounts.addAll(c.accounts());
            contacts.addAll(c.contacts());
            links.addAll(c.groupLinks());
            branches.addAll(g.branches());
            areas.addAll(g.areas());
            boxes.addAll(g.boxes());
            meters.addAll(g.meters());
            points.addAll(g.points());
            digest.update((c.toString() + g.toString()).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void prebind(String phone, long supplyAccountId) {
            prebound.computeIfAbsent(phone, p -> new ArrayList<>()).add(supplyAccountId);
            digest.update((phone + supplyAccountId).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void roster(String line) {
            roster.add(line);
            digest.update(line.getBytes(StandardCharsets.UTF_8));
        }

        String hash() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    static CollectingSink generate(long seed, int n) throws Exception {
        CollectingSink sink = new CollectingSink();
        new DemoGenerator(seed, n, sink).generate(done -> {});
        return sink;
    }

    @Test
    void sameSeedGivesTheSameDataAndAnotherSeedOtherData() throws Exception {
        String first = generate(42, 600).hash();
        assertThat(generate(42, 600).hash()).isEqualTo(first);
        assertThat(generate(7, 600).hash()).isNotEqualTo(first);
    }

    /** Issue #9: the demo's customers carry what the demand audit and the large-household quotas need. */
    @Test
    void givesLargeIndustryAContractedDemandWithinItsCapacityAndSomeHouseholdsFivePersonsOrMore() throws Exception {
        CollectingSink s = generate(42, 1500);
        List<Customers.CustomerRow> industry = s.customers.stream()
                .filter(c -> c.customerClass() == CustomerClass.LARGE_INDUSTRIAL)
                .toList();
        assertThat(industry).isNotEmpty().allSatisfy(c -> {
            assertThat(c.contractedKva()).isNotNull();
            assertThat(c.contractedDemandKw()).isPositive().isLessThan(c.contractedKva());
            assertThat(c.contractedDemandKw()).isGreaterThanOrEqualTo(c.contractedKva() * 60 / 100);
        });
        assertThat(s.customers)
                .filteredOn(c -> c.customerClass() != CustomerClass.LARGE_INDUSTRIAL)
                .allSatisfy(c -> assertThat(c.contractedDemandKw()).isNull());
        List<Customers.CustomerRow> households = s.customers.stream()
                .filter(c -> c.customerClass() == CustomerClass.RESIDENTIAL && c.kind() == CustomerKind.PERSON)
                .toList();
        assertThat(households)
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.householdSize()).isBetween(1, 7));
        long large = households.stream().filter(c -> c.householdSize() >= 5).count();
        assertThat(large).as("a few large households").isBetween(households.size() / 20L, households.size() / 5L);
        assertThat(s.customers)
                .filteredOn(c -> c.kind() == CustomerKind.ORGANISATION)
                .allSatisfy(c -> assertThat(c.householdSize()).isNull());
        // the same customers again from the same seed
        assertThat(generate(42, 1500).customers).isEqualTo(s.customers);
    }

    @Test
    void keepsTheTopologyAndCustomerInvariants() throws Exception {
        CollectingSink s = generate(42, 1500);
        // every account has exactly the meters pointing at it; every meter meters one account
        Set<Long> accounts = new HashSet<>();
        s.accounts.forEach(a -> accounts.add(a.id()));
        Set<Long> metered = new HashSet<>();
        s.points.forEach(p -> metered.add(p.supplyAccountId()));
        assertThat(metered).isEqualTo(accounts);
        assertThat(s.points)
                .extracting(Grid.MeteringPointRow::meterId)
                .doesNotHaveDuplicates()
                .hasSameSizeAs(s.meters);
        // every meter in exactly one existing box of its own area, 1..12 per box
        Map<Long, Grid.BoxRow> boxes = new HashMap<>();
        s.boxes.forEach(b -> boxes.put(b.id(), b));
        Map<Long, Integer> perBox = new HashMap<>();
        for (Grid.MeterRow m : s.meters) {
            assertThat(boxes).containsKey(m.boxId());
            assertThat(boxes.get(m.boxId()).areaId()).isEqualTo(m.areaId());
            assertThat(boxes.get(m.boxId()).lineId()).isEqualTo(m.lineId());
            perBox.merge(m.boxId(), 1, Integer::sum);
        }
        assertThat(perBox.keySet()).isEqualTo(boxes.keySet());
        assertThat(perBox.values()).allSatisfy(n -> assertThat(n).isBetween(1, 12));
        // unique numbers, valid formats
        assertThat(s.meters)
                .extracting(Grid.MeterRow::commAddress)
                .doesNotHaveDuplicates()
                .allSatisfy(a -> assertThat(a).matches("[0-9]{12}"));
        assertThat(s.meters).extracting(Grid.MeterRow::assetNumber).doesNotHaveDuplicates();
        assertThat(s.accounts)
                .extracting(Customers.AccountRow::accountNumber)
                .doesNotHaveDuplicates()
                .allSatisfy(a -> assertThat(a).matches("[0-9]{10}"));
        assertThat(s.customers)
                .filteredOn(c -> c.kind() == CustomerKind.PERSON)
                .allSatisfy(c -> assertThat(IdNumbers.isValid(c.idNumber()))
                        .as(c.idNumber())
                        .isTrue());
        assertThat(s.contacts).allSatisfy(c -> assertThat(c.phone()).matches("1[3-9][0-9]{9}"));
        assertThat(s.customers)
                .filteredOn(c -> c.customerClass() == io.gridhall.customer.CustomerClass.LARGE_INDUSTRIAL)
                .allSatisfy(c -> assertThat(c.contractedKva()).isNotNull());
        // transformer areas of 80-150 customers (the last of a branch may be smaller)
        Map<Long, Integer> perArea = new HashMap<>();
        s.meters.forEach(m -> perArea.merge(m.areaId(), 1, Integer::sum));
        assertThat(perArea.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(155));
        assertThat(s.branches).hasSize(3);
        // PAY-8: one group with three subsidiaries, one person with accounts in two branches
        assertThat(s.links)
                .hasSize(3)
                .extracting(Customers.GroupLinkRow::parentCustomerId)
                .containsOnly(s.links.getFirst().parentCustomerId());
        Map<Long, Set<Long>> branchesOfCustomer = new HashMap<>();
        s.accounts.forEach(a -> branchesOfCustomer
                .computeIfAbsent(a.customerId(), k -> new HashSet<>())
                .add(a.branchId().value()));
        assertThat(branchesOfCustomer.values()).filteredOn(b -> b.size() == 2).hasSize(1);
        // the roster: one line per meter, concentrator per area
        assertThat(s.roster)
                .hasSameSizeAs(s.meters)
                .allSatisfy(l -> assertThat(l).matches("C[0-9]{11},[0-9]{12},[A-Z_]+,(REMOTE|LOCAL|NONE)"));
        assertThat(s.roster.stream().map(l -> l.substring(0, 12)).distinct().count())
                .isEqualTo(s.areas.size());
        assertThat(s.prebound).hasSize(4);
    }

    @Test
    void givesEveryRoleInEveryBranchFixedSignIns() {
        var staff = DemoLoad.staff(List.of(
                new io.gridhall.identity.BranchId(1),
                new io.gridhall.identity.BranchId(2),
                new io.gridhall.identity.BranchId(3)));
        assertThat(staff).extracting(StaffDirectoryUsername::of).doesNotHaveDuplicates();
        // seven roles per branch; the administrator, the auditor and finance once, for every branch
        assertThat(staff).hasSize(3 * 7 + 3);
        assertThat(staff)
                .filteredOn(s -> s.username().equals("finance"))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.roles()).containsExactly(io.gridhall.identity.Role.FINANCE);
                    assertThat(s.branches()).hasSize(3);
                });
        assertThat(staff).allSatisfy(s -> assertThat(s.totpSecret()).matches("[A-Z2-7]{32}"));
        assertThat(DemoLoad.totpSecret("counter-clerk.1")).isEqualTo(DemoLoad.totpSecret("counter-clerk.1"));
    }

    private static final class StaffDirectoryUsername {
        static String of(io.gridhall.identity.StaffDirectory.NewStaff s) {
            return s.username();
        }
    }
}
