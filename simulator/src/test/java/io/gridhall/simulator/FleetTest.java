package io.gridhall.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhall.dlt645.MeterAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetTest {

    @Test
    void readsMetersCsv() {
        List<MeterSpec> specs = Fleet.parseCsv("""
        concentrator_id,meter_address,customer_class,fee_control
        C00000000001,000000000123,RESIDENTIAL,LOCAL
        C00000000001,124,industrial,remote
        """);

        assertThat(specs)
                .containsExactly(
                        new MeterSpec(
                                "C00000000001", MeterAddress.of(123), CustomerClass.RESIDENTIAL, FeeControl.LOCAL),
                        new MeterSpec(
                                "C00000000001", MeterAddress.of(124), CustomerClass.INDUSTRIAL, FeeControl.REMOTE));
        assertThat(Fleet.parseCsv(Fleet.toCsv(specs))).isEqualTo(specs);
    }

    @Test
    void readsTheDemoGeneratorsLargeIndustrialClassAsIndustrial() {
        List<MeterSpec> specs = Fleet.parseCsv("C00000000001,000000000001,large_industrial,NONE");
        assertThat(specs.getFirst().customerClass()).isEqualTo(CustomerClass.INDUSTRIAL);
    }

    @Test
    void reportsBadLines() {
        assertThatThrownBy(() -> Fleet.parseCsv("C00000000001,1,RESIDENTIAL")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> Fleet.parseCsv("C00000000001,1,HOUSEHOLD,LOCAL"))
                .hasMessageContaining("line 1");
    }

    @Test
    void generatesTwoHundredMetersPerConcentratorDeterministically() {
        List<MeterSpec> fleet = Fleet.generate(1000, 42);
        Map<String, Long> perConcentrator =
                fleet.stream().collect(Collectors.groupingBy(MeterSpec::concentratorId, Collectors.counting()));

        assertThat(perConcentrator)
                .hasSize(5)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(200L));
        assertThat(Fleet.generate(1000, 42)).isEqualTo(fleet);
        assertThat(fleet.stream().map(MeterSpec::customerClass).distinct()).hasSize(4);
        assertThat(fleet.stream()
                        .filter(s -> s.customerClass() == CustomerClass.RESIDENTIAL)
                        .count())
                .isBetween(600L, 800L);
    }

    @Test
    void registrationLineCarriesTheId() {
        byte[] line = DtuProtocol.registration("C00000000001");

        assertThat(new String(line)).isEqualTo("DTU:C00000000001\n");
        assertThat(line).hasSize(DtuProtocol.REGISTRATION_LENGTH);
        assertThat(DtuProtocol.parseRegistration(line)).contains("C00000000001");
        assertThat(DtuProtocol.parseRegistration("HB\n".getBytes())).isEmpty();
        assertThat(DtuProtocol.HEARTBEAT_BYTES).doesNotContain((byte) 0x68);
    }

    @Test
    void commandLineNeedsAHeadEndAndMeters() throws Exception {
        SimulatorConfig config = SimulatorMain.parse(new String[] {"--head-end", "127.0.0.1:9645", "--generate", "10"});

        assertThat(config.meters()).hasSize(10);
        assertThat(config.headEnd().getPort()).isEqualTo(9645);
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--generate", "10"}))
                .hasMessageContaining("--head-end");
    }
}
