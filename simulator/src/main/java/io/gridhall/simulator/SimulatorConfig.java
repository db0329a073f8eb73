package io.gridhall.simulator;

import io.gridhall.dlt645.Password;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Everything a simulator run needs. Build with {@link #builder(InetSocketAddress)}; every field
 * but the head-end and the meters has a default.
 *
 * @param clock the simulated time; a fixed or stepped clock makes runs reproducible
 * @param zone the meters' local time zone
 * @param registerOrigin the day energy registers start integrating from; readings before it are
 *     the seeded initial readings
 * @param heartbeatInterval how often a concentrator sends {@link DtuProtocol#HEARTBEAT} (real time)
 * @param reconnectInitialDelay first back-off after a lost connection (real time), doubled up to
 *     {@code reconnectMaxDelay}
 * @param closeButtonDelay after "close permitted", the simulated customer presses the button
 *     after this much simulated time
 * @param password the password meters accept for 0x1C
 * @param pricePerKwh yuan per kWh that local-fee-control meters deduct
 * @param initialMoney yuan a local meter starts with; null for a seeded 50..250 yuan
 * @param preamble FE bytes meters send before each reply, 0..4
 * @param registrationSecrets concentrator id -> the secret it registers with ({@link DtuProtocol}); a
 *     concentrator not named registers without one
 */
public record SimulatorConfig(
        InetSocketAddress headEnd,
        List<MeterSpec> meters,
        long seed,
        Scenario scenario,
        Clock clock,
        ZoneId zone,
        TouSchedule tou,
        LocalDate registerOrigin,
        Duration heartbeatInterval,
        Duration reconnectInitialDelay,
        Duration reconnectMaxDelay,
        Duration closeButtonDelay,
        Password password,
        BigDecimal pricePerKwh,
        BigDecimal initialMoney,
        int preamble,
        Map<String, String> registrationSecrets) {

    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    public SimulatorConfig {
        meters = List.copyOf(meters);
        registrationSecrets = registrationSecrets == null ? Map.of() : Map.copyOf(registrationSecrets);
        if (headEnd == null
                || scenario == null
                || clock == null
                || zone == null
                || tou == null
                || registerOrigin == null
                || password == null
                || pricePerKwh == null) {
            throw new IllegalArgumentException("incomplete simulator config");
        }
        if (preamble < 0 || preamble > 4) {
            throw new IllegalArgumentException("preamble is 0..4 FE bytes");
        }
    }

    public static Builder builder(InetSocketAddress headEnd) {
        return new Builder(headEnd);
    }

    /** Fluent construction with defaults. */
    public static final class Builder {
        private final InetSocketAddress headEnd;
        private List<MeterSpec> meters = List.of();
        private long seed = 42;
        private Scenario scenario = Scenario.EMPTY;
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = CHINA;
        private TouSchedule tou = TouSchedule.DEFAULT;
        private LocalDate registerOrigin = LocalDate.of(2025, 1, 1);
        private Duration heartbeatInterval = DtuProtocol.DEFAULT_HEARTBEAT_INTERVAL;
        private Duration reconnectInitialDelay = Duration.ofSeconds(1);
        private Duration reconnectMaxDelay = Duration.ofSeconds(60);
        private Duration closeButtonDelay = Duration.ofMinutes(2);
        private Password password = Password.parse("02000000");
        private BigDecimal pricePerKwh = new BigDecimal("0.5283");
        private BigDecimal initialMoney;
        private int preamble = 4;
        private Map<String, String> registrationSecrets = Map.of();

        private Builder(InetSocketAddress headEnd) {
            this.headEnd = headEnd;
        }

        public Builder meters(List<MeterSpec> value) {
            meters = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder scenario(Scenario value) {
            scenario = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public Builder zone(ZoneId value) {
            zone = value;
            return this;
        }

        public Builder tou(TouSchedule value) {
            tou = value;
            return this;
        }

        public Builder registerOrigin(LocalDate value) {
            registerOrigin = value;
            return this;
        }

        public Builder heartbeatInterval(Duration value) {
            heartbeatInterval = value;
            return this;
        }

        public Builder reconnectDelays(Duration initial, Duration max) {
            reconnectInitialDelay = initial;
            reconnectMaxDelay = max;
            return this;
        }

        public Builder closeButtonDelay(Duration value) {
            closeButtonDelay = value;
            return this;
        }

        public Builder password(Password value) {
            password = value;
            return this;
        }

        public Builder pricePerKwh(BigDecimal value) {
            pricePerKwh = value;
            return this;
        }

        public Builder initialMoney(BigDecimal value) {
            initialMoney = value;
            return this;
        }

        public Builder preamble(int value) {
            preamble = value;
            return this;
        }

        /** The secret each concentrator sends when it registers (concentrator id -> secret). */
        public Builder registrationSecrets(Map<String, String> value) {
            registrationSecrets = value;
            return this;
        }

        public SimulatorConfig build() {
            return new SimulatorConfig(
                    headEnd,
                    meters,
                    seed,
                    scenario,
                    clock,
                    zone,
                    tou,
                    registerOrigin,
                    heartbeatInterval,
                    reconnectInitialDelay,
                    reconnectMaxDelay,
                    closeButtonDelay,
                    password,
                    pricePerKwh,
                    initialMoney,
                    preamble,
                    registrationSecrets);
        }
    }
}
