package io.gridhall;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.annotation.Async;

/** House rules that review alone would not keep (STYLE.md). */
class ArchitectureTests {

    static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the protocol library and the simulator are separate Maven modules with their own rules
            .withImportOption(location ->
                    !location.contains("/io/gridhall/dlt645/") && !location.contains("/io/gridhall/simulator/"))
            .importPackages("io.gridhall");

    /** Floating point is allowed only where no money or energy can reach it: the demo's fake geography. */
    static final DescribedPredicate<JavaClass> GEOMETRY_ONLY = DescribedPredicate.describe(
            "the demo's map geometry (DemoBaseMap, DemoGenerator: coordinates jittered in degrees)",
            c -> c.getPackageName().equals("io.gridhall.demo")
                    && (c.getSimpleName().startsWith("DemoBaseMap")
                            || c.getSimpleName().startsWith("DemoGenerator")));

    static boolean floating(JavaClass type) {
        return type.isEquivalentTo(double.class)
                || type.isEquivalentTo(float.class)
                || type.isEquivalentTo(Double.class)
                || type.isEquivalentTo(Float.class);
    }

    static boolean floating(List<JavaClass> types) {
        return types.stream().anyMatch(ArchitectureTests::floating);
    }

    @Test
    void noFloatingPointAnywhereInTheDomain() {
        ArchRule fields = noFields()
                .that()
                .areDeclaredInClassesThat()
                .resideInAPackage("io.gridhall..")
                .should()
                .haveRawType(double.class)
                .orShould()
                .haveRawType(float.class)
                .orShould()
                .haveRawType(Double.class)
                .orShould()
                .haveRawType(Float.class)
                .because("money and energy are exact: use Money, Kwh, Rate or BigDecimal");
        ArchRule signatures = noCodeUnits()
                .that()
                .areDeclaredInClassesThat()
                .resideInAPackage("io.gridhall..")
                .and()
                .areDeclaredInClassesThat(DescribedPredicate.not(GEOMETRY_ONLY))
                .should(new ArchCondition<JavaCodeUnit>("take or return double or float") {
                    @Override
                    public void check(JavaCodeUnit unit, ConditionEvents events) {
                        if (floating(unit.getRawReturnType()) || floating(unit.getRawParameterTypes()))
                            events.add(SimpleConditionEvent.satisfied(unit, unit.getFullName()));
                    }
                })
                .because("money and energy are exact: use Money, Kwh, Rate or BigDecimal");
        ArchRule calls = noClasses()
                .that()
                .resideInAPackage("io.gridhall..")
                .and(DescribedPredicate.not(GEOMETRY_ONLY))
                .should()
                .callCodeUnitWhere(DescribedPredicate.describe(
                        "a code unit that takes or returns double or float",
                        call -> floating(call.getTarget().getRawReturnType())
                                || floating(call.getTarget().getRawParameterTypes())))
                .because("a double that comes back from a library call is as inexact as one we declare");
        fields.check(classes);
        signatures.check(classes);
        calls.check(classes);
    }

    @Test
    void theFloatingPointRuleCatchesParametersAndCalls() {
        JavaClasses offenders = new ClassFileImporter().importClasses(Offender.class);
        ArchRule calls = noClasses()
                .should()
                .callCodeUnitWhere(DescribedPredicate.describe(
                        "a code unit that takes or returns double or float",
                        call -> floating(call.getTarget().getRawReturnType())
                                || floating(call.getTarget().getRawParameterTypes())));
        assertThat(calls.evaluate(offenders).hasViolation()).isTrue();
        assertThat(floating(offenders
                        .get(Offender.class)
                        .getMethod("price", java.math.BigDecimal.class, float.class)
                        .getRawParameterTypes()))
                .isTrue();
    }

    /** What the rules must catch: a float parameter and a call to a method returning double. */
    static final class Offender {
        java.math.BigDecimal price(java.math.BigDecimal kwh, float rate) {
            return kwh.multiply(java.math.BigDecimal.valueOf(Math.sqrt(rate)));
        }
    }

    @Test
    void timeComesFromTheInjectedClock() {
        noClasses()
                .that()
                .resideInAPackage("io.gridhall..")
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(LocalDate.class, "now")
                .orShould()
                .callMethod(LocalDateTime.class, "now")
                .orShould()
                .callMethod(ZonedDateTime.class, "now")
                .orShould()
                .callMethod(OffsetDateTime.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(Clock.class, "systemDefaultZone")
                .orShould()
                .callMethod(Clock.class, "systemUTC")
                .because("domain code asks the injected Clock, so tests and billing runs control time")
                .check(classes);
    }

    /**
     * ADR 0023: work after a commit (or off a caller's thread) goes to an {@code AfterCommitWorker}; only these start
     * threads of their own: the worker itself, fan-outs awaited within one call, long-lived consumers and the gateway
     * simulators' timers.
     */
    static final Set<String> STARTS_THREADS = Set.of(
            "io.gridhall.shared.AfterCommitWorker",
            "io.gridhall.metering.internal.HeadEnd",
            "io.gridhall.metering.internal.ReadingMeters",
            "io.gridhall.metering.internal.WatchingSupply",
            "io.gridhall.metering.internal.FrameLog",
            "io.gridhall.identity.internal.CachedSessions",
            "io.gridhall.billing.internal.RunningBills",
            "io.gridhall.payment.internal.GatewaySimulator");

    static ArchRule threadsStartedOnlyWhereListed() {
        DescribedPredicate<JavaClass> listed = DescribedPredicate.describe(
                "listed in STARTS_THREADS",
                c -> STARTS_THREADS.contains(c.getName().replaceFirst("\\$.*", "")));
        return noClasses()
                .that()
                .resideInAPackage("io.gridhall..")
                .and(DescribedPredicate.not(listed))
                .should()
                .callMethodWhere(DescribedPredicate.describe(
                        "a method that makes a thread or an executor",
                        call -> call.getTargetOwner().isEquivalentTo(Executors.class)
                                || (call.getTargetOwner().isEquivalentTo(Thread.class)
                                        && Set.of("ofVirtual", "ofPlatform", "startVirtualThread")
                                                .contains(call.getName()))))
                .orShould()
                .callConstructorWhere(DescribedPredicate.describe(
                        "a constructor of a thread or an executor",
                        call -> call.getTargetOwner().isAssignableTo(Thread.class)
                                || call.getTargetOwner().isAssignableTo(ExecutorService.class)))
                .because("work after a commit goes to an AfterCommitWorker (ADR 0023)");
    }

    @Test
    void threadsAreStartedOnlyByTheAfterCommitWorkerAndTheListedFanOuts() {
        threadsStartedOnlyWhereListed().check(classes);
        noMethods()
                .that()
                .areDeclaredInClassesThat()
                .resideInAPackage("io.gridhall..")
                .should()
                .beAnnotatedWith(Async.class)
                .because("work after a commit goes to an AfterCommitWorker (ADR 0023)")
                .check(classes);
    }

    @Test
    void theThreadRuleCatchesEachWayOfStartingOne() {
        for (Class<?> offender :
                List.of(VirtualPerJob.class, StartedVirtual.class, NewThread.class, OwnExecutor.class, OwnPool.class)) {
            assertThat(threadsStartedOnlyWhereListed()
                            .evaluate(new ClassFileImporter().importClasses(offender))
                            .hasViolation())
                    .as(offender.getSimpleName())
                    .isTrue();
        }
    }

    /** What the thread rule must catch: the ways a job was started on a thread of its own before ADR 0023. */
    static final class VirtualPerJob {
        void afterCommit(Runnable job) {
            Thread.ofVirtual().name("job").start(job);
        }
    }

    static final class StartedVirtual {
        void afterCommit(Runnable job) {
            Thread.startVirtualThread(job);
        }
    }

    static final class NewThread {
        void afterCommit(Runnable job) {
            new Thread(job).start();
        }
    }

    static final class OwnExecutor {
        final java.util.concurrent.ExecutorService worker = Executors.newSingleThreadExecutor();
    }

    static final class OwnPool {
        final java.util.concurrent.ExecutorService worker = new java.util.concurrent.ThreadPoolExecutor(
                1, 1, 0, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1));
    }

    @Test
    void noHelperOrManagerNames() {
        noClasses()
                .that()
                .resideInAPackage("io.gridhall..")
                .should()
                .haveSimpleNameEndingWith("Impl")
                .orShould()
                .haveSimpleNameEndingWith("Helper")
                .orShould()
                .haveSimpleNameEndingWith("Utils")
                .orShould()
                .haveSimpleNameEndingWith("Util")
                .orShould()
                .haveSimpleNameEndingWith("Manager")
                .check(classes);
    }
}
