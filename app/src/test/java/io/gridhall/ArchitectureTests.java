package io.gridhall;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** House rules that review alone would not keep (STYLE.md). */
class ArchitectureTests {

    static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the protocol library and the simulator are separate Maven modules with their own rules
            .withImportOption(location ->
                    !location.contains("/io/gridhall/dlt645/") && !location.contains("/io/gridhall/simulator/"))
            .importPackages("io.gridhall");

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
                .because("money and energy are exact: use Money, Kwh or BigDecimal");
        ArchRule methods = noMethods()
                .that()
                .areDeclaredInClassesThat()
                .resideInAPackage("io.gridhall..")
                .should()
                .haveRawReturnType(double.class)
                .orShould()
                .haveRawReturnType(float.class)
                .because("money and energy are exact: use Money, Kwh or BigDecimal");
        fields.check(classes);
        methods.check(classes);
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
