package io.gridhall.metering.internal;

import static io.gridhall.metering.MeteringFixtures.aBranch;
import static io.gridhall.metering.MeteringFixtures.aMeter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridhall.dlt645.ControlSecurity;
import io.gridhall.dlt645.DataItems;
import io.gridhall.dlt645.DataValue;
import io.gridhall.dlt645.Frame;
import io.gridhall.dlt645.FrameScanner;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.Reply;
import io.gridhall.dlt645.Request;
import io.gridhall.identity.PersonalDataVault;
import io.gridhall.metering.MeterEnrolment;
import io.gridhall.metering.MeterReadings;
import io.gridhall.metering.MeteringFixtures;
import io.gridhall.metering.MeteringTest;
import io.gridhall.shared.AfterCommitWorker;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who may register with the head-end, and whose replies count (issue 7, "head-end registration is
 * unauthenticated"): raw TCP clients on loopback against the running head-end, and against head-ends of their own
 * where a test needs other settings.
 */
@MeteringTest
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class HeadEndRegistrationTests {

    @Autowired
    HeadEnd headEnd;

    @Autowired
    Concentrators concentrators;

    @Autowired
    FrameLog frames;

    @Autowired
    Meters meters;

    @Autowired
    MeterReadings readings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PersonalDataVault vault;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Clock clock;

    @Autowired
    MeteringFixtures.RecordingAudit audit;

    final List<Socket> sockets = new ArrayList<>();
    final List<HeadEnd> ownHeadEnds = new ArrayList<>();

    @AfterEach
    void hangUp() throws IOException {
        for (Socket s : sockets) s.close();
        ownHeadEnds.forEach(HeadEnd::stop);
    }

    static String aConcentratorId() {
        return String.format("S%011d", ThreadLocalRandom.current().nextLong(1, 99_999_999_999L));
    }

    /** Puts a concentrator into the archive, with a secret or none. */
    void archive(Concentrators into, String id, String secret) {
        Map<String, String> one = new HashMap<>();
        one.put(id, secret);
        into.setSecrets(one);
    }

    Socket dial(int port, String registration) throws IOException {
        return dialFrom(InetAddress.getLoopbackAddress(), port, registration);
    }

    Socket dialFrom(InetAddress from, int port, String registration) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        if (registration != null) {
            s.getOutputStream().write(registration.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        }
        return s;
    }

    /** Whether the head-end closed the connection within the time. */
    static boolean closedWithin(Socket s, Duration time) throws IOException {
        s.setSoTimeout((int) time.toMillis());
        try {
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() == -1) return true;
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    static Socket counted(HeadEnd by, int open, Socket dialled) {
        await().atMost(Duration.ofSeconds(10)).until(() -> by.openConnections() == open);
        return dialled;
    }

    HeadEnd ownHeadEnd(Concentrators with, Duration registrationTimeout, int maxConnections, int maxPerSource) {
        HeadEnd own = new HeadEnd(
                frames, meters, with, 0, Duration.ofMinutes(3), registrationTimeout, maxConnections, maxPerSource);
        own.start();
        ownHeadEnds.add(own);
        return own;
    }

    @Test
    void aConcentratorThatIsNotInTheArchiveIsRefused() throws IOException {
        String stranger = aConcentratorId();

        Socket s = dial(headEnd.port(), "DTU:" + stranger + "\n");

        assertThat(closedWithin(s, Duration.ofSeconds(3))).isTrue();
        assertThat(headEnd.links()).doesNotContain(stranger);
    }

    @Test
    void aConcentratorWithASecretMustSendItAndNothingLogsIt(CapturedOutput output) throws IOException {
        String id = aConcentratorId();
        archive(concentrators, id, "right-secret-1");

        assertThat(closedWithin(dial(headEnd.port(), "DTU:" + id + ":wrong-secret-2\n"), Duration.ofSeconds(3)))
                .as("wrong secret")
                .isTrue();
        assertThat(closedWithin(dial(headEnd.port(), "DTU:" + id + "\n"), Duration.ofSeconds(3)))
                .as("no secret, although the test deployment does not require one of concentrators without")
                .isTrue();
        assertThat(headEnd.links()).doesNotContain(id);

        Socket good = dial(headEnd.port(), "DTU:" + id + ":right-secret-1\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> headEnd.links().contains(id));
        assertThat(closedWithin(good, Duration.ofMillis(300))).isFalse();

        assertThat(output.getAll()).contains("Registration as " + id);
        assertThat(output.getAll()).doesNotContain("right-secret-1").doesNotContain("wrong-secret-2");
        assertThat(jdbc.sql("select secret_hash from metering.concentrator where concentrator_id = :id")
                        .param("id", id)
                        .query(byte[].class)
                        .single())
                .as("only a keyed hash is stored")
                .isNotEqualTo("right-secret-1".getBytes(StandardCharsets.US_ASCII))
                .hasSize(32);
    }

    @Test
    void whereSecretsAreRequiredAConcentratorWithoutOneCannotRegister() throws IOException {
        Concentrators strict = new Concentrators(
                jdbc, vault, audit, tx, clock, true, new AfterCommitWorker("strict-headend-audit", 10, Duration.ZERO));
        String without = aConcentratorId();
        String with = aConcentratorId();
        archive(strict, without, null);
        archive(strict, with, "its-own-secret");
        HeadEnd own = ownHeadEnd(strict, Duration.ofSeconds(10), 100, 100);

        assertThat(closedWithin(dial(own.port(), "DTU:" + without + "\n"), Duration.ofSeconds(3)))
                .isTrue();
        assertThat(closedWithin(dial(own.port(), "DTU:" + without + ":any-secret-at-all\n"), Duration.ofSeconds(3)))
                .as("none configured: nothing to check a sent one against")
                .isTrue();
        dial(own.port(), "DTU:" + with + ":its-own-secret\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> own.links().contains(with));
        assertThat(own.links()).containsExactly(with);
    }

    @Test
    void aSecondRegistrationDisplacesTheLiveLinkAndIsAuditedWithoutTheSecret() throws IOException {
        String id = aConcentratorId();
        archive(concentrators, id, "shared-secret-9");
        Socket first = dial(headEnd.port(), "DTU:" + id + ":shared-secret-9\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> headEnd.links().contains(id));

        Socket second = dial(headEnd.port(), "DTU:" + id + ":shared-secret-9\n");

        assertThat(closedWithin(first, Duration.ofSeconds(3)))
                .as("the old link is closed")
                .isTrue();
        assertThat(closedWithin(second, Duration.ofMillis(300))).isFalse();
        assertThat(headEnd.links()).contains(id);
        await().atMost(Duration.ofSeconds(5)).until(() -> !audit.about(id).isEmpty());
        assertThat(audit.about(id)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("metering.headend.link-displaced");
            assertThat(e.objectType()).isEqualTo("concentrator");
            assertThat(e.details().toString())
                    .contains("displacedSource", "source", "127.0.0.1")
                    .doesNotContain("shared-secret-9");
        });
    }

    @Test
    void displacementsTheAuditWorkerCannotTakeAreAuditedLaterWithTheirCount() {
        AfterCommitWorker stopped = new AfterCommitWorker("stopped-headend-audit", 10, Duration.ZERO);
        stopped.close(); // takes nothing, as a worker whose queue a flood of displacements has filled
        Concentrators flooded = new Concentrators(jdbc, vault, audit, tx, clock, true, stopped);
        String id = aConcentratorId();
        String other = aConcentratorId();

        for (int i = 0; i < 3; i++) flooded.displaced(id, "127.0.0.1:" + (40_000 + i), "127.0.0.1:39999");
        flooded.displaced(other, "127.0.0.2:40000", "127.0.0.2:39999");
        assertThat(audit.about(id)).as("nothing written on the network thread").isEmpty();

        flooded.auditMissed();
        flooded.auditMissed(); // nothing left: no second entry

        assertThat(audit.about(id)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("metering.headend.link-displacements-unaudited");
            assertThat(e.objectType()).isEqualTo("concentrator");
            assertThat(e.details().get("count")).isEqualTo(3L);
        });
        assertThat(audit.about(other))
                .singleElement()
                .satisfies(e -> assertThat(e.details().get("count")).isEqualTo(1L));
    }

    @Test
    void connectionsAreCappedPerSourceAddressAndInTotal() throws IOException {
        HeadEnd own = ownHeadEnd(concentrators, Duration.ofSeconds(30), 3, 2);
        InetAddress one = InetAddress.getByName("127.0.0.1");
        InetAddress two = InetAddress.getByName("127.0.0.2");

        // each accepted dial waits until the head-end counts it: its event loops may see two dials in either order
        Socket a1 = counted(own, 1, dialFrom(one, own.port(), null));
        Socket a2 = counted(own, 2, dialFrom(one, own.port(), null));
        // the bounds only end the wait: a refusal is at once, but a shared 2-core machine once took longer than 2 s
        assertThat(closedWithin(dialFrom(one, own.port(), null), Duration.ofSeconds(10)))
                .as("a third from the same source")
                .isTrue();
        Socket b1 = counted(own, 3, dialFrom(two, own.port(), null));
        assertThat(closedWithin(dialFrom(two, own.port(), null), Duration.ofSeconds(10)))
                .as("a fourth in all")
                .isTrue();
        assertThat(own.openConnections()).as("refused dials hold no slot").isEqualTo(3);
        for (Socket open : List.of(a1, a2, b1))
            assertThat(closedWithin(open, Duration.ofMillis(200))).isFalse();

        a1.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Socket again = dialFrom(one, own.port(), null);
            return !closedWithin(again, Duration.ofMillis(300));
        });
    }

    @Test
    void aConnectionThatDoesNotRegisterInTimeIsDropped() throws IOException {
        HeadEnd own = ownHeadEnd(concentrators, Duration.ofMillis(300), 100, 100);

        Socket silent = dialFrom(InetAddress.getLoopbackAddress(), own.port(), null);
        Socket dribbling = dial(own.port(), "DTU:");

        long started = System.nanoTime();
        assertThat(closedWithin(silent, Duration.ofSeconds(5))).isTrue();
        assertThat(closedWithin(dribbling, Duration.ofSeconds(5))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void onlyAReplyFromTheMetersOwnLinkCountsAndAnUnaskedOneTeachesNothing() throws Exception {
        String own = aConcentratorId();
        String other = aConcentratorId();
        archive(concentrators, own, null);
        archive(concentrators, other, null);
        MeterEnrolment meter = aMeter(aBranch(), 1);
        MeterEnrolment unplaced = aMeter(aBranch(), 1);
        readings.enrol(List.of(meter, unplaced));
        readings.route(Map.of(meter.address(), own));
        Socket ownLink = dial(headEnd.port(), "DTU:" + own + "\n");
        Socket otherLink = dial(headEnd.port(), "DTU:" + other + "\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> headEnd.links().containsAll(List.of(own, other)));
        MeterAddress address = MeterAddress.of(meter.address());
        byte[] status = Reply.ReadData.of(
                        address,
                        DataItems.find(DataItems.STATUS_WORD_3).orElseThrow(),
                        new DataValue.StatusBits(1 << 4 | 1 << 6))
                .toFrame()
                .encode();

        CompletableFuture<Optional<Reply>> asked = CompletableFuture.supplyAsync(() -> headEnd.exchangeOnOwnLink(
                new Request.Read(address, DataItems.STATUS_WORD_3),
                Duration.ofSeconds(2),
                ControlSecurity.PLAIN,
                () -> true));
        awaitRequest(ownLink);
        otherLink.getOutputStream().write(status); // a forged answer on another link
        otherLink.getOutputStream().flush();

        assertThat(asked.get()).as("the forged reply did not count").isEmpty();
        assertThat(headEnd.linkOf(meter.address())).contains(own);

        // an unasked frame does not draw a meter no archive places to the link that sent it
        otherLink
                .getOutputStream()
                .write(Reply.ReadData.of(
                                MeterAddress.of(unplaced.address()),
                                DataItems.find(DataItems.STATUS_WORD_3).orElseThrow(),
                                new DataValue.StatusBits(0))
                        .toFrame()
                        .encode());
        otherLink.getOutputStream().flush();
        Thread.sleep(300);
        assertThat(headEnd.linkOf(unplaced.address())).isEmpty();

        CompletableFuture<Optional<Reply>> again = CompletableFuture.supplyAsync(() -> headEnd.exchangeOnOwnLink(
                new Request.Read(address, DataItems.STATUS_WORD_3),
                Duration.ofSeconds(2),
                ControlSecurity.PLAIN,
                () -> true));
        awaitRequest(ownLink);
        ownLink.getOutputStream().write(status);
        ownLink.getOutputStream().flush();
        assertThat(again.get())
                .as("the same reply on the meter's own link counts")
                .isPresent();
    }

    /** Reads from a link until a whole request frame came. */
    static Frame awaitRequest(Socket link) throws IOException {
        link.setSoTimeout(3000);
        FrameScanner scanner = new FrameScanner();
        byte[] buffer = new byte[256];
        while (true) {
            int n = link.getInputStream().read(buffer);
            if (n < 0) throw new IOException("link closed");
            List<Frame> got = scanner.feed(buffer, 0, n).frames();
            if (!got.isEmpty()) return got.getFirst();
        }
    }
}
