package io.gridhall.simulator;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar gridhall-simulator.jar --head-end 127.0.0.1:9645 (--meters meters.csv | --generate N)
 * [--seed 42] [--script anomalies.txt] [--heartbeat 60] [--zone Asia/Shanghai] [--price 0.5283]
 * [--tou "T4 0-8, ..."] [--write-csv meters.csv]}
 */
public final class SimulatorMain {

    private static final String USAGE = """
      usage: java -jar gridhall-simulator.jar --head-end HOST:PORT (--meters FILE.csv | --generate N)
                 [--seed N] [--script FILE] [--heartbeat SECONDS] [--zone ZONE] [--price YUAN_PER_KWH]
                 [--tou "T4 0-8, T2 8-11, ..."] [--write-csv FILE.csv]
      """;

    private SimulatorMain() {}

    public static void main(String[] args) throws Exception {
        SimulatorConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("gridhall-simulator: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        Simulator simulator = Simulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        System.out.printf(
                "gridhall-simulator: %d meters behind %d concentrators dialling %s%n",
                simulator.meters().size(), simulator.concentrators().size(), config.headEnd());
        stopped.await();
    }

    static SimulatorConfig parse(String[] args) throws IOException {
        InetSocketAddress headEnd = null;
        List<MeterSpec> meters = null;
        long seed = 42;
        Scenario scenario = Scenario.EMPTY;
        Integer generate = null;
        Path writeCsv = null;
        Duration heartbeat = DtuProtocol.DEFAULT_HEARTBEAT_INTERVAL;
        ZoneId zone = SimulatorConfig.CHINA;
        BigDecimal price = null;
        TouSchedule tou = TouSchedule.DEFAULT;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException("help");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--head-end" -> headEnd = hostPort(value);
                case "--meters" -> meters = Fleet.readCsv(Path.of(value));
                case "--generate" -> generate = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--script" -> scenario = Scenario.parse(Files.readString(Path.of(value), StandardCharsets.UTF_8));
                case "--heartbeat" -> heartbeat = Duration.ofSeconds(Long.parseLong(value));
                case "--zone" -> zone = ZoneId.of(value);
                case "--price" -> price = new BigDecimal(value);
                case "--tou" -> tou = TouSchedule.parse(value);
                case "--write-csv" -> writeCsv = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (headEnd == null) {
            throw new IllegalArgumentException("--head-end is required");
        }
        if (meters == null && generate == null) {
            throw new IllegalArgumentException("give --meters FILE.csv or --generate N");
        }
        if (meters == null) {
            meters = Fleet.generate(generate, seed);
        }
        if (writeCsv != null) {
            Files.writeString(writeCsv, Fleet.toCsv(meters), StandardCharsets.UTF_8);
        }
        SimulatorConfig.Builder builder = SimulatorConfig.builder(headEnd)
                .meters(meters)
                .seed(seed)
                .scenario(scenario)
                .heartbeatInterval(heartbeat)
                .zone(zone)
                .tou(tou);
        if (price != null) {
            builder.pricePerKwh(price);
        }
        return builder.build();
    }

    static InetSocketAddress hostPort(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--head-end wants HOST:PORT, got " + value);
        }
        return new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    }
}
