package io.gridhall;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    /**
     * The protocol library and the simulator share the io.gridhall prefix but are separate Maven
     * modules (plain libraries), not application modules: they are left out of the module model.
     */
    static final ApplicationModules modules = ApplicationModules.of(
            GridHallApplication.class,
            JavaClass.Predicates.resideInAnyPackage("io.gridhall.dlt645..", "io.gridhall.simulator.."));

    @Test
    void modulesKeepTheirBorders() {
        modules.verify();
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
