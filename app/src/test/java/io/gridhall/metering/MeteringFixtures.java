package io.gridhall.metering;

import io.gridhall.dlt645.ControlSecurity;
import io.gridhall.dlt645.ControlType;
import io.gridhall.dlt645.DecodeException;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Factories for meters, readings and actors; every test gets meters no other test uses. */
public final class MeteringFixtures {

    private static final AtomicLong nextMeter =
            new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000_000L, 8_000_000_000L) * 10);

    private MeteringFixtures() {}

    public static long aMeterId() {
        return nextMeter.incrementAndGet();
    }

    /** A meter id whose 12-digit address is the id itself. */
    public static MeterEnrolment aMeter(long branch, long area) {
        long id = aMeterId();
        return new MeterEnrolment(id, String.format("%012d", id), branch, area, "RESIDENTIAL", "REMOTE");
    }

    public static IntervalDay fullDay(long meterId, LocalDate day, int value) {
        int[] v = new int[96];
        Arrays.fill(v, value);
        char[] q = new char[96];
        Arrays.fill(q, 'A');
        return new IntervalDay(meterId, Channel.FORWARD_ACTIVE, day, v, q);
    }

    public static IntervalDay withSlots(IntervalDay base, int from, int to, char quality, int value) {
        int[] v = base.values();
        char[] q = base.quality();
        for (int i = from; i < to; i++) {
            v[i] = value;
            q[i] = quality;
        }
        return new IntervalDay(base.meterId(), base.channel(), base.day(), v, q);
    }

    public static Actor staff(long branch, Role... roles) {
        return new Actor(
                new UserId(ThreadLocalRandom.current().nextLong(1, 1_000_000)),
                Actor.Kind.STAFF,
                "Staff",
                Set.of(roles),
                Set.of(new BranchId(branch)));
    }

    public static long aBranch() {
        return ThreadLocalRandom.current().nextLong(100_000, 1_000_000_000L);
    }

    /** Records audit calls; primary so tests can assert them whether or not identity's log exists. */
    public static class RecordingAudit implements Audit {
        public record Entry(Actor actor, String action, String objectType, String objectId, Map<String, ?> details) {}

        public final List<Entry> entries = new CopyOnWriteArrayList<>();

        @Override
        public void record(Actor actor, String action, String objectType, String objectId, Map<String, ?> details) {
            entries.add(new Entry(actor, action, objectType, objectId, details));
        }

        public List<Entry> about(String objectId) {
            return new ArrayList<>(
                    entries.stream().filter(e -> e.objectId().equals(objectId)).toList());
        }
    }

    /**
     * Stands in for a deployment's security module (ESAM step): seals as the simulator expects, plainly, and
     * remembers which meters it sealed commands for.
     */
    public static class RecordingControlSecurity implements ControlSecurity {
        public final List<String> sealedFor = new CopyOnWriteArrayList<>();

        @Override
        public byte[] seal(MeterAddress meter, ControlType type, LocalDateTime validUntil) {
            sealedFor.add(meter.digits());
            return ControlSecurity.PLAIN.seal(meter, type, validUntil);
        }

        @Override
        public Opened open(MeterAddress meter, byte[] sealed) throws DecodeException {
            return ControlSecurity.PLAIN.open(meter, sealed);
        }
    }

    @TestConfiguration
    public static class Config {
        @Bean
        @Primary
        RecordingAudit recordingAudit() {
            return new RecordingAudit();
        }

        @Bean
        RecordingControlSecurity recordingControlSecurity() {
            return new RecordingControlSecurity();
        }
    }
}
