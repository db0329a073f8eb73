package io.gridhall.demo;

import static io.gridhall.demo.DemoNames.pick;

import io.gridhall.customer.ContactRole;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.Customers;
import io.gridhall.customer.IdNumbers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.MeterView.FeeControl;
import io.gridhall.grid.MeterView.Phase;
import io.gridhall.grid.NodeType;
import io.gridhall.identity.BranchId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Generates a county supply company from a seed: the same seed gives the same rows. Works one 10 kV line at a time
 * (a few thousand customers), so memory stays flat from 100 to 1,000,000 customers.
 */
public final class DemoGenerator {

    /** A demo customer whose portal sign-in (by phone) sees pre-bound accounts. */
    public record Example(String name, String phone, List<String> accountNumbers) {}

    /**
     * @param portalPhones phones of further residential customers with one pre-bound account each, as many as asked
     *     for (the portal load benchmark signs them in)
     */
    public record Result(
            List<BranchId> branches,
            List<String> branchCodes,
            List<Example> examples,
            List<String> portalPhones,
            long customers) {}

    record BranchPlan(String code, String name, String region, String county, String lat, String lon, int percent) {}

    static final List<BranchPlan> BRANCHES = List.of(
            new BranchPlan("01", "城关供电所", "富春县城区", "富春县", "30.200000", "120.100000", 45),
            new BranchPlan("02", "新登供电所", "富春县西北片", "富春县", "30.310000", "119.980000", 30),
            new BranchPlan("03", "场口供电所", "富春县东南片", "富春县", "30.080000", "120.230000", 25));

    private final long seed;
    private final int customers;
    private final DemoSink sink;
    private final long tag;
    private final SplittableRandom random;
    private long accountCounter;
    private long meterCounter;
    private long areaCounter;
    private long nodeCounter;
    private long written;

    // the person with homes in two branches (PAY-8) and the pre-bound examples
    private long twoHomesCustomer = -1;
    private String twoHomesName;
    private String twoHomesPhone;
    private final List<Example> examples = new ArrayList<>();
    private final int portalCustomers;
    private final List<String> portalPhones = new ArrayList<>();

    public DemoGenerator(long seed, int customers, DemoSink sink) {
        this(seed, customers, sink, 0);
    }

    /** @param portalCustomers how many more residential customers get a pre-bound account for portal sign-in */
    public DemoGenerator(long seed, int customers, DemoSink sink, int portalCustomers) {
        if (customers < 10) throw new IllegalArgumentException("at least 10 customers");
        this.seed = seed;
        this.customers = customers;
        this.sink = sink;
        this.portalCustomers = Math.max(0, portalCustomers);
        this.random = new SplittableRandom(seed);
        // numbers (account, meter address, asset, codes) start at a seed-dependent offset, so two seeds never collide
        this.tag = Math.floorMod(new SplittableRandom(seed ^ 0x5DEECE66DL).nextLong(), 90_000L) + 10_000L;
    }

    public Result generate(LongConsumer progress) {
        List<BranchId> branchIds = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        long[] ids = sink.gridIds(NodeType.BRANCH, BRANCHES.size());
        List<Grid.BranchRow> branchRows = new ArrayList<>();
        for (int i = 0; i < BRANCHES.size(); i++) {
            BranchPlan p = BRANCHES.get(i);
            BranchId id = new BranchId(ids[i]);
            branchIds.add(id);
            codes.add("B" + tag + p.code());
            branchRows.add(new Grid.BranchRow(
                    id, "B" + tag + p.code(), p.name(), p.region(), new BigDecimal(p.lat()), new BigDecimal(p.lon())));
        }
        sink.write(
                emptyCustomers(),
                new Grid.ImportBatch(branchRows, List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
        int remaining = customers;
        for (int b = 0; b < BRANCHES.size(); b++) {
            int share = b == BRANCHES.size() - 1
                    ? remaining
                    : customers * BRANCHES.get(b).percent() / 100;
            remaining -= share;
            branch(b, branchIds.get(b), share, progress);
        }
        return new Result(branchIds, codes, List.copyOf(examples), List.copyOf(portalPhones), written);
    }

    private static Customers.ImportBatch emptyCustomers() {
        return new Customers.ImportBatch(List.of(), List.of(), List.of(), List.of());
    }

    /** Everything of one line, written as one chunk. */
    private final class Chunk {
        final List<Customers.CustomerRow> customers = new ArrayList<>();
        final List<Customers.AccountRow> accounts = new ArrayList<>();
        final List<Customers.ContactRow> contacts = new ArrayList<>();
        final List<Customers.GroupLinkRow> links = new ArrayList<>();
        final List<Grid.SubstationRow> substations = new ArrayList<>();
        final List<Grid.LineRow> lines = new ArrayList<>();
        final List<Grid.AreaRow> areas = new ArrayList<>();
        final List<Grid.BoxRow> boxes = new ArrayList<>();
        final List<Grid.MeterRow> meters = new ArrayList<>();
        final List<Grid.MeteringPointRow> points = new ArrayList<>();

        void flush() {
            sink.write(
                    new Customers.ImportBatch(customers, accounts, contacts, links),
                    new Grid.ImportBatch(List.of(), substations, lines, areas, boxes, meters, points));
        }
    }

    private void branch(int index, BranchId branch, int count, LongConsumer progress) {
        BranchPlan plan = BRANCHES.get(index);
        BigDecimal lat0 = new BigDecimal(plan.lat());
        BigDecimal lon0 = new BigDecimal(plan.lon());
        int left = count;
        int substationNo = 0;
        boolean first = true;
        while (left > 0) {
            substationNo++;
            long substation = sink.gridIds(NodeType.SUBSTATION, 1)[0];
            Grid.SubstationRow substationRow = new Grid.SubstationRow(
                    substation,
                    branch,
                    "S" + tag + "-" + (++nodeCounter),
                    plan.name().substring(0, 2) + (substationNo == 1 ? "" : substationNo) + "变",
                    substationNo % 3 == 1 ? 110 : 35,
                    offset(lat0, 0.08),
                    offset(lon0, 0.08));
            int lines = 4 + random.nextInt(7);
            for (int l = 1; l <= lines && left > 0; l++) {
                Chunk chunk = new Chunk();
                if (l == 1) chunk.substations.add(substationRow);
                long line = sink.gridIds(NodeType.LINE, 1)[0];
                chunk.lines.add(new Grid.LineRow(
                        line,
                        branch,
                        substation,
                        "L" + tag + "-" + (++nodeCounter),
                        "10kV" + substationRow.name().replace("变", "") + (char) ('A' + (l - 1) % 26) + l + "线"));
                int areas = 8 + random.nextInt(18);
                List<Integer> sizes = new ArrayList<>();
                int inLine = 0;
                for (int a = 0; a < areas && left - inLine > 0; a++) {
                    int size = Math.min(80 + random.nextInt(71), left - inLine);
                    sizes.add(size);
                    inLine += size;
                }
                long[] customerIds = sink.customerIds(inLine);
                long[] accountIds = sink.accountIds(inLine);
                long[] meterIds = sink.gridIds(NodeType.METER, inLine);
                long[] boxIds = sink.gridIds(NodeType.BOX, inLine);
                long[] areaIds = sink.gridIds(NodeType.AREA, sizes.size());
                int k = 0;
                int boxK = 0;
                BigDecimal lat = substationRow.lat();
                BigDecimal lon = substationRow.lon();
                for (int a = 0; a < sizes.size(); a++) {
                    // each area a step further along the line's route
                    lat = offset(lat, 0.012);
                    lon = offset(lon, 0.012);
                    long areaCode = (tag % 100_000) * 1_000_000L + (++areaCounter);
                    boolean dedicated = random.nextInt(12) == 0;
                    chunk.areas.add(new Grid.AreaRow(
                            areaIds[a],
                            branch,
                            substation,
                            line,
                            String.valueOf(areaCode),
                            pick(random, DemoNames.VILLAGES).replace("村", "") + (a + 1) + "号"
                                    + (dedicated ? "专变" : "公变"),
                            pick(random, List.of(200, 315, 400, 500, 630)),
                            dedicated,
                            lat,
                            lon));
                    String concentrator = "C" + "%011d".formatted(areaCode);
                    int inBox = 0;
                    int boxSize = 0;
                    long box = 0;
                    for (int c = 0; c < sizes.get(a); c++, k++) {
                        CustomerClass cls = customerClass();
                        if (cls == CustomerClass.LARGE_INDUSTRIAL || inBox == boxSize) {
                            box = boxIds[boxK++];
                            boxSize = cls == CustomerClass.LARGE_INDUSTRIAL ? 1 : 1 + random.nextInt(12);
                            inBox = 0;
                            chunk.boxes.add(new Grid.BoxRow(
                                    box,
                                    branch,
                                    substation,
                                    line,
                                    areaIds[a],
                                    "X" + tag + "-" + (++nodeCounter),
                                    offset(lat, 0.002),
                                    offset(lon, 0.002)));
                        }
                        inBox++;
                        customer(
                                chunk,
                                plan,
                                branch,
                                cls,
                                customerIds[k],
                                accountIds[k],
                                meterIds[k],
                                substation,
                                line,
                                areaIds[a],
                                box,
                                concentrator,
                                first && index == 0 && examples.size() < 3);
                        if (cls == CustomerClass.LARGE_INDUSTRIAL) inBox = boxSize;
                    }
                }
                if (first) {
                    if (index == 0)
                        group(
                                chunk,
                                plan,
                                branch,
                                substation,
                                line,
                                areaIds[0],
                                ownBox(chunk, branch),
                                "C%011d"
                                        .formatted(Long.parseLong(
                                                chunk.areas.getFirst().code())));
                    if (index == 1 && twoHomesCustomer > 0)
                        secondHome(
                                chunk,
                                plan,
                                branch,
                                substation,
                                line,
                                areaIds[0],
                                ownBox(chunk, branch),
                                "C%011d"
                                        .formatted(Long.parseLong(
                                                chunk.areas.getFirst().code())));
                    first = false;
                }
                chunk.flush();
                left -= inLine;
                written += inLine;
                progress.accept(written);
            }
        }
    }

    /** A new meter box in the chunk's first area, so no box exceeds twelve meters. */
    private long ownBox(Chunk chunk, BranchId branch) {
        long box = sink.gridIds(NodeType.BOX, 1)[0];
        Grid.AreaRow area = chunk.areas.getFirst();
        chunk.boxes.add(new Grid.BoxRow(
                box,
                branch,
                area.substationId(),
                area.lineId(),
                area.id(),
                "X" + tag + "-" + (++nodeCounter),
                offset(area.lat(), 0.002),
                offset(area.lon(), 0.002)));
        return box;
    }

    private CustomerClass customerClass() {
        int p = random.nextInt(1000);
        if (p < 840) return CustomerClass.RESIDENTIAL;
        if (p < 940) return CustomerClass.COMMERCIAL;
        if (p < 990) return CustomerClass.AGRICULTURAL;
        return CustomerClass.LARGE_INDUSTRIAL;
    }

    private void customer(
            Chunk chunk,
            BranchPlan plan,
            BranchId branch,
            CustomerClass cls,
            long customerId,
            long accountId,
            long meterId,
            long substation,
            long line,
            long area,
            long box,
            String concentrator,
            boolean example) {
        boolean organisation = cls == CustomerClass.LARGE_INDUSTRIAL
                || (cls == CustomerClass.COMMERCIAL && random.nextBoolean())
                || (cls == CustomerClass.AGRICULTURAL && random.nextInt(4) == 0);
        String person = DemoNames.person(random);
        String name = switch (cls) {
            case RESIDENTIAL -> person;
            case COMMERCIAL ->
                organisation
                        ? "富春县"
                                + pick(random, DemoNames.TOWNS)
                                        .replace("街道", "")
                                        .replace("镇", "") + pick(random, DemoNames.SHOPS) + "有限公司"
                        : person;
            case AGRICULTURAL ->
                organisation ? pick(random, DemoNames.VILLAGES) + pick(random, DemoNames.FARMS) : person;
            case LARGE_INDUSTRIAL -> "杭州富春" + pick(random, DemoNames.TRADES) + "有限公司";
        };
        Integer kva = cls == CustomerClass.LARGE_INDUSTRIAL
                ? pick(random, List.of(315, 400, 630, 800, 1000, 1250, 2000))
                : cls == CustomerClass.COMMERCIAL && organisation && random.nextInt(3) == 0
                        ? pick(random, List.of(50, 80, 100, 160, 200))
                        : null;
        String phone = DemoNames.phone(random);
        String address = DemoNames.address(random, plan.county());
        chunk.customers.add(new Customers.CustomerRow(
                customerId,
                branch,
                cls,
                organisation ? CustomerKind.ORGANISATION : CustomerKind.PERSON,
                name,
                organisation ? creditCode() : idNumber(),
                kva,
                contractedDemandKw(customerId, kva, cls),
                householdSize(customerId, cls, organisation)));
        String number = accountNumber();
        chunk.accounts.add(new Customers.AccountRow(
                accountId,
                number,
                customerId,
                name,
                address,
                branch,
                tariff(cls),
                LocalDate.of(1995 + random.nextInt(30), 1 + random.nextInt(12), 1 + random.nextInt(28))));
        chunk.contacts.add(new Customers.ContactRow(
                customerId,
                ContactRole.OWNER,
                organisation ? person : name,
                phone,
                random.nextInt(5) == 0 ? "user" + (accountCounter) + "@example.com" : null));
        if (organisation) {
            chunk.contacts.add(new Customers.ContactRow(
                    customerId,
                    ContactRole.FINANCIAL,
                    DemoNames.person(random),
                    DemoNames.phone(random),
                    "finance" + accountCounter + "@example.com"));
        }
        if (cls == CustomerClass.LARGE_INDUSTRIAL) {
            chunk.contacts.add(new Customers.ContactRow(
                    customerId, ContactRole.ELECTRICIAN, DemoNames.person(random), DemoNames.phone(random), null));
        }
        meter(chunk, cls, branch, meterId, accountId, substation, line, area, box, concentrator);
        if (example && cls == CustomerClass.RESIDENTIAL) {
            sink.prebind(phone, accountId);
            if (twoHomesCustomer < 0) {
                twoHomesCustomer = customerId;
                twoHomesName = name;
                twoHomesPhone = phone;
            }
            examples.add(new Example(name, phone, new ArrayList<>(List.of(number))));
        } else if (cls == CustomerClass.RESIDENTIAL && portalPhones.size() < portalCustomers) {
            sink.prebind(phone, accountId);
            portalPhones.add(phone);
        }
    }

    private void meter(
            Chunk chunk,
            CustomerClass cls,
            BranchId branch,
            long meterId,
            long accountId,
            long substation,
            long line,
            long area,
            long box,
            String concentrator) {
        int p = random.nextInt(100);
        FeeControl fee = switch (cls) {
            case RESIDENTIAL -> p < 80 ? FeeControl.REMOTE : FeeControl.LOCAL;
            case COMMERCIAL -> p < 60 ? FeeControl.REMOTE : p < 85 ? FeeControl.LOCAL : FeeControl.NONE;
            case AGRICULTURAL -> p < 70 ? FeeControl.REMOTE : FeeControl.LOCAL;
            case LARGE_INDUSTRIAL -> FeeControl.NONE;
        };
        boolean three = cls == CustomerClass.LARGE_INDUSTRIAL
                || (cls != CustomerClass.RESIDENTIAL && random.nextBoolean())
                || random.nextInt(10) == 0;
        int ct = cls == CustomerClass.LARGE_INDUSTRIAL
                ? pick(random, List.of(50, 75, 100, 150, 200))
                : cls == CustomerClass.COMMERCIAL && three && random.nextInt(3) == 0
                        ? pick(random, List.of(20, 30, 40))
                        : 1;
        long n = ++meterCounter;
        String address = "%012d".formatted(tag * 10_000_000L + n);
        chunk.meters.add(new Grid.MeterRow(
                meterId,
                branch,
                substation,
                line,
                area,
                box,
                "3310" + "%018d".formatted(tag * 10_000_000L + n),
                address,
                fee,
                ct,
                1,
                three ? Phase.THREE : Phase.SINGLE,
                pick(random, DemoNames.MANUFACTURERS),
                (three ? "DTZY" : "DDZY") + (1000 + random.nextInt(9000)),
                LocalDate.of(2012 + random.nextInt(13), 1 + random.nextInt(12), 1 + random.nextInt(28))));
        chunk.points.add(new Grid.MeteringPointRow(meterId, accountId));
        sink.roster(concentrator + "," + address + "," + cls + "," + fee);
    }

    /**
     * A large-industrial customer's contracted maximum demand: 60 to 85 % of its capacity, from its id (not the random
     * stream, so the rest of the demo stays as it was), so the demand charge and the demand audit apply (#9).
     */
    static Integer contractedDemandKw(long customerId, Integer kva, CustomerClass cls) {
        if (cls != CustomerClass.LARGE_INDUSTRIAL || kva == null) return null;
        return kva * (60 + (int) Math.floorMod(customerId, 26L)) / 100;
    }

    /**
     * A household's size: one to four persons, and five to seven in every tenth, whose larger tier quotas then apply
     * (#9); unknown for organisations and other classes.
     */
    static Integer householdSize(long customerId, CustomerClass cls, boolean organisation) {
        if (cls != CustomerClass.RESIDENTIAL || organisation) return null;
        return Math.floorMod(customerId, 10L) == 3
                ? 5 + (int) Math.floorMod(customerId / 10, 3L)
                : 1 + (int) Math.floorMod(customerId, 4L);
    }

    /** PAY-8: a group customer with three subsidiaries, each with its own account and meter. */
    private void group(
            Chunk chunk,
            BranchPlan plan,
            BranchId branch,
            long substation,
            long line,
            long area,
            long box,
            String concentrator) {
        long[] ids = sink.customerIds(4);
        long[] accounts = sink.accountIds(4);
        long[] meters = sink.gridIds(NodeType.METER, 4);
        String[] names = {"富春控股集团有限公司", "富春控股集团纺织有限公司", "富春控股集团物流有限公司", "富春控股集团酒店有限公司"};
        for (int i = 0; i < 4; i++) {
            chunk.customers.add(new Customers.CustomerRow(
                    ids[i], branch, CustomerClass.COMMERCIAL, CustomerKind.ORGANISATION, names[i], creditCode(), 200));
            chunk.accounts.add(new Customers.AccountRow(
                    accounts[i],
                    accountNumber(),
                    ids[i],
                    names[i],
                    DemoNames.address(random, plan.county()),
                    branch,
                    tariff(CustomerClass.COMMERCIAL),
                    LocalDate.of(2010 + i, 3, 1)));
            chunk.contacts.add(new Customers.ContactRow(
                    ids[i],
                    ContactRole.FINANCIAL,
                    DemoNames.person(random),
                    DemoNames.phone(random),
                    "finance@fuchun-group.example.com"));
            meter(
                    chunk,
                    CustomerClass.COMMERCIAL,
                    branch,
                    meters[i],
                    accounts[i],
                    substation,
                    line,
                    area,
                    box,
                    concentrator);
            if (i > 0) chunk.links.add(new Customers.GroupLinkRow(ids[0], ids[i]));
        }
        String groupPhone = DemoNames.phone(random);
        chunk.contacts.add(
                new Customers.ContactRow(ids[0], ContactRole.OWNER, DemoNames.person(random), groupPhone, null));
        sink.prebind(groupPhone, accounts[0]);
        examples.add(new Example(
                names[0],
                groupPhone,
                List.of(chunk.accounts.get(chunk.accounts.size() - 4).accountNumber())));
    }

    /** PAY-8: the first example person also has a home in the second branch. */
    private void secondHome(
            Chunk chunk,
            BranchPlan plan,
            BranchId branch,
            long substation,
            long line,
            long area,
            long box,
            String concentrator) {
        long account = sink.accountIds(1)[0];
        long meter = sink.gridIds(NodeType.METER, 1)[0];
        String number = accountNumber();
        chunk.accounts.add(new Customers.AccountRow(
                account,
                number,
                twoHomesCustomer,
                twoHomesName,
                DemoNames.address(random, plan.county()),
                branch,
                tariff(CustomerClass.RESIDENTIAL),
                LocalDate.of(2018, 6, 1)));
        meter(chunk, CustomerClass.RESIDENTIAL, branch, meter, account, substation, line, area, box, concentrator);
        sink.prebind(twoHomesPhone, account);
        examples.getFirst().accountNumbers().add(number);
    }

    private String accountNumber() {
        return "3" + "%09d".formatted(tag * 10_000L + (++accountCounter));
    }

    private static String tariff(CustomerClass cls) {
        return switch (cls) {
            case RESIDENTIAL -> "RESIDENTIAL_TIERED";
            case COMMERCIAL -> "COMMERCIAL";
            case LARGE_INDUSTRIAL -> "LARGE_INDUSTRIAL_TWO_PART";
            case AGRICULTURAL -> "AGRICULTURAL";
        };
    }

    private String idNumber() {
        String[] areas = {"330183", "330122", "330106", "330102", "330127", "330182"};
        String first17 = areas[random.nextInt(areas.length)]
                + (1940 + random.nextInt(65))
                + "%02d%02d".formatted(1 + random.nextInt(12), 1 + random.nextInt(28))
                + "%03d".formatted(random.nextInt(1000));
        return first17 + IdNumbers.checkCharacter(first17);
    }

    private String creditCode() {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        StringBuilder s = new StringBuilder("91330183");
        for (int i = 0; i < 10; i++) s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return s.toString();
    }

    /** A random step of up to ±degrees, kept to 6 decimals (about 0.1 m). */
    private BigDecimal offset(BigDecimal value, double degrees) {
        long micro = (long) (degrees * 1_000_000);
        return value.add(BigDecimal.valueOf(random.nextLong(-micro, micro + 1), 6))
                .setScale(6, RoundingMode.UNNECESSARY);
    }

    long seed() {
        return seed;
    }
}
