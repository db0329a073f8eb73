package io.gridhall.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.metering.MeteringTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@MeteringTest
class HeadEndBindTests {

    @Autowired
    HeadEnd running;

    @Autowired
    FrameLog frames;

    @Autowired
    Meters meters;

    @Autowired
    Concentrators concentrators;

    private static final String PREFIX = "multiThreadIoEventLoopGroup-";

    /**
     * Live non-daemon event-loop threads of groups created after {@code lastPool}: Netty names them
     * {@code multiThreadIoEventLoopGroup-<pool>-<thread>} with a pool number that grows per group, so other contexts'
     * head-ends starting a thread meanwhile (their pools are older) do not count.
     */
    static long eventLoopThreadsAfter(int lastPool) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && pool(t) > lastPool)
                .count();
    }

    static int lastPool() {
        return Thread.getAllStackTraces().keySet().stream()
                .mapToInt(HeadEndBindTests::pool)
                .max()
                .orElse(0);
    }

    private static int pool(Thread t) {
        if (!t.getName().startsWith(PREFIX)) return -1;
        String rest = t.getName().substring(PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            return Integer.parseInt(dash < 0 ? rest : rest.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Test
    void aPortInUseFailsTheStartAndLeavesNoThreadThatKeepsTheProcessAlive() {
        int lastPool = lastPool();
        HeadEnd second = new HeadEnd(
                frames, meters, concentrators, running.port(), Duration.ofMinutes(3), Duration.ofSeconds(10), 100, 10);

        assertThatThrownBy(second::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(String.valueOf(running.port()));

        assertThat(second.isRunning()).isFalse();
        assertThat(eventLoopThreadsAfter(lastPool)).isZero();
    }
}
