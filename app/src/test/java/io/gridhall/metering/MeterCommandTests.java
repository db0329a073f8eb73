package io.gridhall.metering;

import static io.gridhall.metering.MeteringFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.dlt645.MeterAddress;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.metering.internal.HeadEnd;
import io.gridhall.shared.Problem;
import io.gridhall.simulator.CustomerClass;
import io.gridhall.simulator.FeeControl;
import io.gridhall.simulator.MeterSpec;
import io.gridhall.simulator.Simulator;
import io.gridhall.simulator.SimulatorConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;

@MeteringTest
@Timeout(60)
class MeterCommandTests {

    @Autowired
    MeterCommands commands;

    @Autowired
    MeterReadings readings;

    @Autowired
    HeadEnd headEnd;

    @Autowired
    MockMvc mvc;

    @Autowired
    Clock clock;

    @Autowired
    MeteringFixtures.RecordingAudit audit;

    @Autowired
    MeteringFixtures.RecordingControlSecurity security;

    long branch;
    MeterEnrolment meter;
    Simulator simulator;
    Actor manager;

    @BeforeEach
    void start() {
        branch = aBranch();
        meter = aMeter(branch, 9);
        readings.enrol(List.of(meter));
        manager = staff(branch, Role.BRANCH_MANAGER);
        String dtu = String.format("K%011d", ThreadLocalRandom.current().nextLong(1, 99_999_999_999L));
        // commands go only to the meter's own link: the concentrator the archive names
        readings.route(Map.of(meter.address(), dtu));
        simulator = Simulator.start(
                SimulatorConfig.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), headEnd.port()))
                        .meters(List.of(new MeterSpec(
                                dtu, MeterAddress.of(meter.address()), CustomerClass.RESIDENTIAL, FeeControl.REMOTE)))
                        .clock(clock)
                        .heartbeatInterval(Duration.ofSeconds(1))
                        .build());
        await().atMost(Duration.ofSeconds(10)).until(() -> headEnd.links().contains(dtu));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    RequestCommand command(long meterId, CommandAction action) {
        return new RequestCommand(
                UUID.randomUUID().toString(), meterId, action, clock.instant().plusSeconds(600), "test");
    }

    MeterCommandView settled(MeterCommandView c) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> commands.history(c.meterId()).stream()
                                .filter(h -> h.commandId().equals(c.commandId()))
                                .findFirst()
                                .orElseThrow(),
                        v -> v.state().isFinal());
    }

    @Test
    void aTripIsSentAcknowledgedAndVerifiedByTheRelayStatus() {
        MeterCommandView requested = commands.request(manager, command(meter.meterId(), CommandAction.TRIP));
        assertThat(requested.state()).isEqualTo(CommandState.REQUESTED);

        MeterCommandView done = settled(requested);

        assertThat(done.state()).isEqualTo(CommandState.VERIFIED);
        assertThat(done.steps())
                .extracting(MeterCommandView.Step::to)
                .containsSubsequence(
                        CommandState.REQUESTED, CommandState.SENT, CommandState.ACKNOWLEDGED, CommandState.VERIFIED);
        assertThat(simulator
                        .meter(MeterAddress.of(meter.address()))
                        .orElseThrow()
                        .relayClosedAt(clock.instant()))
                .isFalse();
        assertThat(audit.about(String.valueOf(meter.meterId()))).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("meter.command.trip");
            assertThat(e.actor()).isEqualTo(manager);
        });
        assertThat(security.sealedFor)
                .as("the command went through the deployment's security step")
                .contains(meter.address());
    }

    /**
     * Each control type is verified against the status word 3 bits it actually produces (issue 7): "close permitted"
     * is verified while the relay waits for the customer's button, so a direct close after it is carried out.
     */
    @Test
    void eachControlIsVerifiedByTheStatusItProduces() {
        var simulated = simulator.meter(MeterAddress.of(meter.address())).orElseThrow();
        for (CommandAction action : List.of(
                CommandAction.TRIP,
                CommandAction.CLOSE_PERMITTED,
                CommandAction.DIRECT_CLOSE,
                CommandAction.ALARM_ON,
                CommandAction.ALARM_OFF,
                CommandAction.PROTECT_ON,
                CommandAction.PROTECT_OFF)) {
            MeterCommandView done = settled(commands.request(manager, command(meter.meterId(), action)));
            assertThat(done.state()).as(action.name()).isEqualTo(CommandState.VERIFIED);
            if (action == CommandAction.CLOSE_PERMITTED) {
                assertThat(simulated.relayClosedAt(clock.instant()))
                        .as("still open until the customer presses the button")
                        .isFalse();
            }
            if (action == CommandAction.DIRECT_CLOSE) {
                assertThat(simulated.relayClosedAt(clock.instant())).isTrue();
            }
        }
    }

    @Test
    void aTripNeedsAReasonAndTheReasonIsAudited() throws Exception {
        var boss = authentication(new UsernamePasswordAuthenticationToken(manager, null, List.of()));
        for (String reason : new String[] {null, "", "   ", "x ", "-- ."}) {
            String body = reason == null
                    ? "{\"intentId\": \"i-%s\", \"action\": \"TRIP\", \"validUntil\": \"%s\"}"
                            .formatted(UUID.randomUUID(), clock.instant().plusSeconds(60))
                    : "{\"intentId\": \"i-%s\", \"action\": \"TRIP\", \"validUntil\": \"%s\", \"reason\": \"%s\"}"
                            .formatted(UUID.randomUUID(), clock.instant().plusSeconds(60), reason);
            mvc.perform(post("/api/v1/metering/meters/{id}/commands", meter.meterId())
                            .with(boss)
                            .with(csrf())
                            .header("Accept-Language", "en")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("command-reason-required"))
                    .andExpect(jsonPath("$.title").value("Reason required"))
                    .andExpect(jsonPath("$.errors[0].field").value("reason"));
        }
        mvc.perform(post("/api/v1/metering/meters/{id}/commands", meter.meterId())
                        .with(boss)
                        .with(csrf())
                        .header("Accept-Language", "zh-CN")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"intentId\": \"i-%s\", \"action\": \"TRIP\", \"validUntil\": \"%s\"}"
                                .formatted(UUID.randomUUID(), clock.instant().plusSeconds(60))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("需要填写原因"));
        assertThat(commands.history(meter.meterId())).as("nothing recorded").isEmpty();

        mvc.perform(post("/api/v1/metering/meters/{id}/commands", meter.meterId())
                        .with(boss)
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                                "{\"intentId\": \"i-%s\", \"action\": \"TRIP\", \"validUntil\": \"%s\", \"reason\": \" 欠费停电 \"}"
                                        .formatted(
                                                UUID.randomUUID(),
                                                clock.instant().plusSeconds(60))))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.reason").value("欠费停电"));
        assertThat(audit.about(String.valueOf(meter.meterId()))).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("meter.command.trip");
            assertThat((Map<String, Object>) e.details()).containsEntry("reason", "欠费停电");
        });
    }

    @Test
    void theSameIntentIsOneCommand() {
        RequestCommand c = command(meter.meterId(), CommandAction.ALARM_ON);
        MeterCommandView first = commands.request(manager, c);
        MeterCommandView again = commands.request(manager, c);
        assertThat(again.commandId()).isEqualTo(first.commandId());
        assertThatThrownBy(() -> commands.request(
                        manager,
                        new RequestCommand(c.intentId(), meter.meterId(), CommandAction.TRIP, c.validUntil(), null)))
                .isInstanceOf(Problem.class);
    }

    @Test
    void aNewerIntentSupersedesAPendingOne() {
        MeterEnrolment unreachable = aMeter(branch, 9);
        readings.enrol(List.of(unreachable));
        MeterCommandView trip = commands.request(manager, command(unreachable.meterId(), CommandAction.TRIP));
        MeterCommandView close = commands.request(manager, command(unreachable.meterId(), CommandAction.DIRECT_CLOSE));

        assertThat(settled(trip).state()).isEqualTo(CommandState.SUPERSEDED);
        assertThat(settled(trip).supersededBy()).isEqualTo(close.commandId());
        MeterCommandView failed = settled(close);
        assertThat(failed.state()).as("bounded retries, then failed").isEqualTo(CommandState.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
    }

    @Test
    void aProtectedMeterRefusesATrip() {
        assertThat(settled(commands.request(manager, command(meter.meterId(), CommandAction.PROTECT_ON)))
                        .state())
                .isEqualTo(CommandState.VERIFIED);
        MeterCommandView trip = settled(commands.request(manager, command(meter.meterId(), CommandAction.TRIP)));
        assertThat(trip.state()).isEqualTo(CommandState.FAILED);
        assertThat(trip.lastError()).contains("PROTECTED");
    }

    @Test
    void commandsNeedThePermissionAndAFutureValidUntil() throws Exception {
        var clerk = authentication(
                new UsernamePasswordAuthenticationToken(staff(branch, Role.BILLING_CLERK), null, List.of()));
        mvc.perform(post("/api/v1/metering/meters/{id}/commands", meter.meterId())
                        .with(clerk)
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"intentId\": \"i-%s\", \"action\": \"TRIP\", \"validUntil\": \"%s\"}"
                                .formatted(UUID.randomUUID(), clock.instant().plusSeconds(60))))
                .andExpect(status().isForbidden());
        var boss = authentication(new UsernamePasswordAuthenticationToken(manager, null, List.of()));
        mvc.perform(post("/api/v1/metering/meters/{id}/commands", meter.meterId())
                        .with(boss)
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                                "{\"intentId\": \"i-%s\", \"action\": \"TRIP\", \"validUntil\": \"2020-01-01T00:00:00Z\"}"
                                        .formatted(UUID.randomUUID())))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/metering/meters/{id}/commands", meter.meterId())
                        .with(boss)
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"intentId\": \"i-%s\", \"action\": \"ALARM_OFF\", \"validUntil\": \"%s\"}"
                                .formatted(UUID.randomUUID(), clock.instant().plusSeconds(60))))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.state").value("REQUESTED"));
        mvc.perform(get("/api/v1/metering/meters/{id}/commands", meter.meterId())
                        .with(boss))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].action").value("ALARM_OFF"));
    }
}
