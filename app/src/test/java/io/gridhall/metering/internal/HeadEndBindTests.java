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

    static long eventLoopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && t.getName().startsWith("multiThreadIoEventLoopGroup"))
                .count();
    }

    @Test
    void aPortInUseFailsTheStartAndLeavesNoThreadThatKeepsTheProcessAlive() {
        long before = eventLoopThreads();
        HeadEnd second = new HeadEnd(
                frames, meters, concentrators, running.port(), Duration.ofMinutes(3), Duration.ofSeconds(10), 100, 10);

        assertThatThrownBy(second::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(String.valueOf(running.port()));

        assertThat(second.isRunning()).isFalse();
        assertThat(eventLoopThreads()).isEqualTo(before);
    }
}
