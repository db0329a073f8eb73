package io.gridhall.simulator;

import static io.gridhall.simulator.Meters.START;
import static io.gridhall.simulator.Meters.aMeter;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.dlt645.BaudRate;
import io.gridhall.dlt645.ControlCommand;
import io.gridhall.dlt645.ControlErrorFlag;
import io.gridhall.dlt645.ControlType;
import io.gridhall.dlt645.DataIdentifier;
import io.gridhall.dlt645.DataItems;
import io.gridhall.dlt645.DataValue;
import io.gridhall.dlt645.DecodeException;
import io.gridhall.dlt645.ErrorFlag;
import io.gridhall.dlt645.FunctionCode;
import io.gridhall.dlt645.MeterAddress;
import io.gridhall.dlt645.OperatorCode;
import io.gridhall.dlt645.Password;
import io.gridhall.dlt645.Reply;
import io.gridhall.dlt645.Request;
import io.gridhall.dlt645.StatusWord3;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VirtualMeterTest {

    private final MutableClock clock = new MutableClock(START);

    @Test
    void tariffRegistersAddUpToTheTotalWithinRounding() {
        for (CustomerClass c : CustomerClass.values()) {
            VirtualMeter meter = Meters.offline(aMeter(7, c, FeeControl.NONE), "", clock);
            for (int h = 0; h < 48; h += 5) {
                Registers r = meter.registersAt(START.plus(Duration.ofHours(h)));
                BigDecimal sum = r.forwardActive().subList(1, 5).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(r.forwardTotal().subtract(sum).abs())
                        .as(c + " at +" + h + "h")
                        .isLessThanOrEqualTo(new BigDecimal("0.04"));
            }
        }
    }

    @Test
    void sameSeedAndAddressGiveTheSameReadingsInAnotherRun() {
        VirtualMeter a = Meters.offline(aMeter(11, CustomerClass.COMMERCIAL, FeeControl.NONE), "", clock);
        VirtualMeter b = Meters.offline(aMeter(11, CustomerClass.COMMERCIAL, FeeControl.NONE), "", clock);
        Instant t = START.plus(Duration.ofHours(30));

        assertThat(b.registersAt(t)).isEqualTo(a.registersAt(t));
        assertThat(b.registersAt(START.minus(Duration.ofDays(90))))
                .isEqualTo(a.registersAt(START.minus(Duration.ofDays(90))));
    }

    @Test
    void ninetyDaysOfHistoryCanBeReadBackAndIncrease() {
        VirtualMeter meter = Meters.offline(aMeter(12, CustomerClass.RESIDENTIAL, FeeControl.NONE), "", clock);
        BigDecimal previous = BigDecimal.ZERO;
        for (int d = 90; d >= 0; d--) {
            BigDecimal total =
                    meter.registersAt(START.minus(Duration.ofDays(d))).forwardTotal();
            assertThat(total).isGreaterThan(previous);
            previous = total;
        }
    }

    @Test
    void summerAfternoonsDrawMoreThanSpringOnesForResidentialMeters() {
        VirtualMeter meter = Meters.offline(aMeter(13, CustomerClass.RESIDENTIAL, FeeControl.NONE), "", clock);
        BigDecimal july = dayUse(meter, LocalDate.of(2026, 7, 15));
        BigDecimal april = dayUse(meter, LocalDate.of(2026, 4, 15));

        assertThat(july).isGreaterThan(april);
    }

    @Test
    void valleyRegisterRunsAtNightAndTipRegisterInTheEvening() {
        VirtualMeter meter = Meters.offline(aMeter(14, CustomerClass.INDUSTRIAL, FeeControl.NONE), "", clock);
        Instant night = LocalDateTime.of(2026, 11, 19, 1, 0)
                .atZone(SimulatorConfig.CHINA)
                .toInstant();
        Registers before = meter.registersAt(night);
        Registers after = meter.registersAt(night.plus(Duration.ofHours(2)));

        assertThat(after.forwardActive().get(4))
                .isGreaterThan(before.forwardActive().get(4));
        assertThat(after.forwardActive().get(1))
                .isEqualTo(before.forwardActive().get(1));
    }

    @Test
    void industrialMetersCountReverseAndReactiveEnergy() {
        VirtualMeter meter = Meters.offline(aMeter(15, CustomerClass.INDUSTRIAL, FeeControl.NONE), "", clock);
        Registers r = meter.registersAt(START);

        assertThat(r.reverseTotal()).isPositive();
        assertThat(r.reactive1().get(0)).isPositive();
        assertThat(r.reactive2().get(0)).isPositive();
    }

    @Test
    void tripStopsConsumptionAndStatusWord3ReportsIt() throws DecodeException {
        VirtualMeter meter = Meters.offline(aMeter(16, CustomerClass.COMMERCIAL, FeeControl.REMOTE), "", clock);

        Reply reply = meter.handle(control(meter, ControlType.TRIP, START.plus(Duration.ofMinutes(5))), START)
                .orElseThrow();

        assertThat(reply).isInstanceOf(Reply.Acknowledged.class);
        assertThat(meter.registersAt(START.plus(Duration.ofHours(3)))).isEqualTo(meter.registersAt(START));
        assertThat(statusWord3(meter, START.plusSeconds(10)).isSet(StatusWord3.RELAY_OPEN))
                .isTrue();
        assertThat(meter.instantaneousAt(START.plusSeconds(10)).activePower()).isZero();
    }

    /**
     * Status word 3 as a real meter reports each control (issue 7): bit 4 is the relay, bit 6 the relay command
     * state, bit 7 the pre-trip alarm, bit 12 protect. "Close permitted" clears the command state at once while the
     * relay stays open until the button is pressed.
     */
    @Test
    void statusWord3ShowsWhatEachControlDid() throws DecodeException {
        VirtualMeter meter = Meters.offline(aMeter(19, CustomerClass.RESIDENTIAL, FeeControl.REMOTE), "", clock);
        Instant until = START.plus(Duration.ofHours(2));
        java.util.function.BiFunction<ControlType, Long, DataValue.StatusBits> after = (type, second) -> {
            Instant at = START.plusSeconds(second);
            assertThat(meter.handle(control(meter, type, until), at)).containsInstanceOf(Reply.Acknowledged.class);
            try {
                return statusWord3(meter, at.plusSeconds(1));
            } catch (DecodeException e) {
                throw new AssertionError(e);
            }
        };
        DataValue.StatusBits idle = statusWord3(meter, START);
        assertThat(idle.isSet(StatusWord3.RELAY_OPEN) || idle.isSet(StatusWord3.RELAY_COMMAND_OPEN))
                .isFalse();

        DataValue.StatusBits tripped = after.apply(ControlType.TRIP, 10L);
        assertThat(tripped.isSet(StatusWord3.RELAY_OPEN)).isTrue();
        assertThat(tripped.isSet(StatusWord3.RELAY_COMMAND_OPEN)).isTrue();

        DataValue.StatusBits permitted = after.apply(ControlType.CLOSE_PERMITTED, 20L);
        assertThat(permitted.isSet(StatusWord3.RELAY_OPEN))
                .as("waits for the button")
                .isTrue();
        assertThat(permitted.isSet(StatusWord3.RELAY_COMMAND_OPEN)).isFalse();

        DataValue.StatusBits closed = after.apply(ControlType.DIRECT_CLOSE, 30L);
        assertThat(closed.isSet(StatusWord3.RELAY_OPEN)).isFalse();
        assertThat(closed.isSet(StatusWord3.RELAY_COMMAND_OPEN)).isFalse();

        assertThat(after.apply(ControlType.ALARM_ON, 40L).isSet(StatusWord3.PRE_TRIP_ALARM))
                .isTrue();
        assertThat(after.apply(ControlType.ALARM_OFF, 50L).isSet(StatusWord3.PRE_TRIP_ALARM))
                .isFalse();

        after.apply(ControlType.TRIP, 60L);
        DataValue.StatusBits protectedOn = after.apply(ControlType.PROTECT_ON, 70L);
        assertThat(protectedOn.isSet(StatusWord3.PROTECTED)).isTrue();
        assertThat(protectedOn.isSet(StatusWord3.RELAY_OPEN))
                .as("protecting restores supply")
                .isFalse();
        assertThat(protectedOn.isSet(StatusWord3.RELAY_COMMAND_OPEN)).isFalse();
        assertThat(after.apply(ControlType.PROTECT_OFF, 80L).isSet(StatusWord3.PROTECTED))
                .isFalse();
    }

    @Test
    void closePermittedClosesWhenTheCustomerPressesTheButton() {
        VirtualMeter meter = Meters.offline(aMeter(17, CustomerClass.COMMERCIAL, FeeControl.REMOTE), "", clock);
        meter.handle(control(meter, ControlType.TRIP, START.plusSeconds(60)), START);

        meter.handle(
                control(meter, ControlType.CLOSE_PERMITTED, START.plus(Duration.ofHours(2))), START.plusSeconds(60));

        assertThat(meter.relayClosedAt(START.plusSeconds(90))).isFalse();
        assertThat(meter.relayClosedAt(START.plusSeconds(60).plus(Duration.ofMinutes(2))))
                .isTrue();
    }

    @Test
    void directCloseClosesAtOnce() {
        VirtualMeter meter = Meters.offline(aMeter(18, CustomerClass.RESIDENTIAL, FeeControl.REMOTE), "", clock);
        meter.handle(control(meter, ControlType.TRIP, START.plusSeconds(60)), START);

        meter.handle(control(meter, ControlType.DIRECT_CLOSE, START.plusSeconds(600)), START.plusSeconds(30));

        assertThat(meter.relayClosedAt(START.plusSeconds(30))).isTrue();
    }

    @Test
    void protectedMeterRefusesTrip() {
        VirtualMeter meter = Meters.offline(aMeter(19, CustomerClass.RESIDENTIAL, FeeControl.REMOTE), "", clock);
        meter.handle(control(meter, ControlType.PROTECT_ON, START.plusSeconds(60)), START);

        Reply reply = meter.handle(control(meter, ControlType.TRIP, START.plusSeconds(60)), START)
                .orElseThrow();

        assertThat(((Reply.Abnormal) reply).controlErrors()).containsExactly(ControlErrorFlag.PROTECTED);
        assertThat(meter.relayClosedAt(START.plusSeconds(1))).isTrue();
    }

    @Test
    void expiredCommandIsRefusedByTheMetersOwnClock() {
        VirtualMeter meter =
                Meters.offline(aMeter(20, CustomerClass.RESIDENTIAL, FeeControl.REMOTE), "meter 20 drift 120", clock);
        // Ten days of +120 s/day put the meter 20 minutes ahead: a command valid for 10 more minutes
        // by true time has expired by the meter's clock.
        Instant now = START.plus(Duration.ofDays(10));

        Reply reply = meter.handle(control(meter, ControlType.TRIP, now.plus(Duration.ofMinutes(10))), now)
                .orElseThrow();

        assertThat(((Reply.Abnormal) reply).controlErrors()).containsExactly(ControlErrorFlag.COMMAND_EXPIRED);
    }

    @Test
    void wrongPasswordIsRefused() {
        VirtualMeter meter = Meters.offline(aMeter(21, CustomerClass.RESIDENTIAL, FeeControl.REMOTE), "", clock);
        var command = new ControlCommand(
                Password.parse("02999999"),
                new OperatorCode(1),
                ControlType.TRIP,
                meter.meterTime(START).plusMinutes(5));

        Reply reply = meter.handle(new Request.Control(meter.address(), command), START)
                .orElseThrow();

        assertThat(((Reply.Abnormal) reply).controlErrors())
                .containsExactly(ControlErrorFlag.PASSWORD_ERROR_OR_UNAUTHORISED);
    }

    @Test
    void localMeterTripsItselfWhenMoneyRunsOut() {
        VirtualMeter meter =
                Meters.offline(aMeter(22, CustomerClass.COMMERCIAL, FeeControl.LOCAL), "meter 22 money 5.00", clock);

        assertThat(meter.remainingMoney(START)).contains(new BigDecimal("5.00"));
        Instant later = START.plus(Duration.ofDays(2));
        assertThat(meter.relayClosedAt(later)).isFalse();
        assertThat(meter.remainingMoney(later)).contains(new BigDecimal("0.00"));
        assertThat(meter.overdraft(later).orElseThrow()).isLessThanOrEqualTo(new BigDecimal("0.01"));
        BigDecimal stopped = meter.registersAt(later).forwardTotal();
        assertThat(meter.registersAt(later.plus(Duration.ofDays(1))).forwardTotal())
                .isEqualTo(stopped);
        assertThat(meter.handle(control(meter, ControlType.DIRECT_CLOSE, later.plusSeconds(60)), later)
                        .orElseThrow())
                .isInstanceOf(Reply.Abnormal.class);
    }

    @Test
    void bypassLowersConsumptionByItsFactor() {
        MeterSpec spec = aMeter(23, CustomerClass.COMMERCIAL, FeeControl.NONE);
        VirtualMeter honest = Meters.offline(spec, "", clock);
        VirtualMeter stealing = Meters.offline(spec, "meter 23 bypass from 2026-11-01 factor 0.3", clock);
        LocalDate day = LocalDate.of(2026, 11, 10);

        BigDecimal ratio = dayUse(stealing, day).divide(dayUse(honest, day), 2, java.math.RoundingMode.HALF_UP);

        assertThat(ratio).isEqualByComparingTo("0.30");
        assertThat(stealing.registersAt(START.minus(Duration.ofDays(30))))
                .isEqualTo(honest.registersAt(START.minus(Duration.ofDays(30))));
    }

    @Test
    void reverseWiringMovesConsumptionToTheReverseRegister() {
        VirtualMeter meter = Meters.offline(
                aMeter(24, CustomerClass.RESIDENTIAL, FeeControl.NONE), "meter 24 reverse from 2026-11-20", clock);
        Registers before = meter.registersAt(START);
        Registers after = meter.registersAt(START.plus(Duration.ofHours(5)));

        assertThat(after.forwardTotal()).isEqualTo(before.forwardTotal());
        assertThat(after.reverseTotal()).isGreaterThan(before.reverseTotal());
        assertThat(meter.instantaneousAt(START).activePower()).isNegative();
    }

    @Test
    void phaseLossDropsThatPhaseVoltageAndSagsLowerAll() {
        VirtualMeter meter = Meters.offline(
                aMeter(25, CustomerClass.INDUSTRIAL, FeeControl.NONE),
                "meter 25 phase-loss B from 2026-11-20\nmeter 25 sag factor 0.8 from 2026-11-20 to 2026-11-21",
                clock);
        var v = meter.instantaneousAt(START).voltages();

        assertThat(v.get(1)).isLessThan(BigDecimal.ONE);
        assertThat(v.get(0)).isBetween(new BigDecimal("170"), new BigDecimal("180"));
        assertThat(meter.instantaneousAt(START.plus(Duration.ofDays(1)))
                        .voltages()
                        .get(0))
                .isGreaterThan(new BigDecimal("210"));
    }

    @Test
    void coverOpenEventsAreCounted() throws DecodeException {
        VirtualMeter meter = Meters.offline(
                aMeter(26, CustomerClass.RESIDENTIAL, FeeControl.NONE),
                "meter 26 cover-open at 2026-11-20T12:00\nmeter 26 cover-open at 2026-11-21T12:00",
                clock);

        assertThat(read(meter, DataItems.COVER_OPEN_COUNT, START)).containsExactly(DataValue.Decimal.of("0"));
        assertThat(read(meter, DataItems.COVER_OPEN_COUNT, START.plus(Duration.ofDays(2))))
                .containsExactly(DataValue.Decimal.of("2"));
    }

    @Test
    void clockDriftsUntilABroadcastTimeSync() {
        VirtualMeter meter =
                Meters.offline(aMeter(27, CustomerClass.RESIDENTIAL, FeeControl.NONE), "meter * drift 2.5", clock);
        Instant later = START.plus(Duration.ofDays(10));
        LocalDateTime trueLocal = LocalDateTime.ofInstant(later, SimulatorConfig.CHINA);

        assertThat(meter.meterTime(later)).isEqualTo(trueLocal.plusSeconds(25));
        meter.handle(new Request.TimeSync(trueLocal), later);
        assertThat(meter.meterTime(later)).isEqualTo(trueLocal);
    }

    @Test
    void frozenValuesMatchTheRegistersAtTheirMoments() throws DecodeException {
        VirtualMeter meter = Meters.offline(aMeter(28, CustomerClass.RESIDENTIAL, FeeControl.NONE), "", clock);
        Instant firstOfMonth =
                LocalDate.of(2026, 11, 1).atStartOfDay(SimulatorConfig.CHINA).toInstant();
        Instant yesterdayMidnight =
                LocalDate.of(2026, 11, 19).atStartOfDay(SimulatorConfig.CHINA).toInstant();

        assertThat(read(meter, DataItems.forwardActiveAtSettlement(1), START))
                .containsExactly(
                        new DataValue.Decimal(meter.registersAt(firstOfMonth).forwardTotal()));
        assertThat(read(meter, DataItems.dailyFrozenForwardActive(2), START).get(0))
                .isEqualTo(new DataValue.Decimal(
                        meter.registersAt(yesterdayMidnight).forwardTotal()));
        assertThat(read(meter, DataItems.dailyFrozenTime(2), START))
                .containsExactly(new DataValue.Timestamp(LocalDateTime.of(2026, 11, 19, 0, 0)));
        assertThat(read(meter, DataItems.dailyFrozenForwardActive(62), START)).hasSize(5);
    }

    @Test
    void freezesReactiveEnergyDailyForLargeCustomers() throws DecodeException {
        VirtualMeter meter = Meters.offline(aMeter(29, CustomerClass.INDUSTRIAL, FeeControl.NONE), "", clock);
        Instant yesterdayMidnight =
                LocalDate.of(2026, 11, 19).atStartOfDay(SimulatorConfig.CHINA).toInstant();
        Registers atMidnight = meter.registersAt(yesterdayMidnight);
        assertThat(atMidnight.reactive1().getFirst()).isPositive();
        assertThat(read(meter, DataItems.dailyFrozenReactive1(2), START).get(0))
                .isEqualTo(new DataValue.Decimal(atMidnight.reactive1().getFirst()));
        assertThat(read(meter, DataItems.dailyFrozenReactive2(2), START).get(0))
                .isEqualTo(new DataValue.Decimal(atMidnight.reactive2().getFirst()));
    }

    @Test
    void answersEveryIdentifierItSimulatesAndSaysNoDataToTheRestOfTheRegistry() throws DecodeException {
        VirtualMeter meter = Meters.offline(aMeter(29, CustomerClass.INDUSTRIAL, FeeControl.LOCAL), "", clock);
        int answered = 0;
        for (var item : DataItems.all()) {
            Reply reply = meter.handle(new Request.Read(meter.address(), item.id()), START)
                    .orElseThrow();
            if (simulated(item.id())) {
                assertThat(reply).as(item.name()).isInstanceOf(Reply.ReadData.class);
            }
            if (reply instanceof Reply.ReadData data) {
                assertThat(data.values()).as(item.name()).hasSize(item.valueCount());
                answered++;
            } else {
                assertThat(reply)
                        .as(item.name())
                        .isEqualTo(Reply.Abnormal.of(
                                meter.address(), FunctionCode.READ, Set.of(ErrorFlag.NO_DATA_REQUESTED)));
            }
        }
        assertThat(answered).isGreaterThan(700);
        VirtualMeter postpaid = Meters.offline(aMeter(30, CustomerClass.RESIDENTIAL, FeeControl.NONE), "", clock);
        assertThat(postpaid.handle(new Request.Read(postpaid.address(), DataItems.REMAINING_MONEY), START)
                        .orElseThrow())
                .isInstanceOf(Reply.Abnormal.class);
    }

    /** Combined, forward, reverse and combined reactive energy, the usual instantaneous values, parameters. */
    private static boolean simulated(DataIdentifier id) {
        return (id.di3() == 0x00 && id.di2() <= 0x04)
                || (id.di3() == 0x02 && id.di2() >= 0x01 && id.di2() <= 0x06)
                || (id.di3() == 0x05 && id.di2() == 0x06)
                || (id.di3() == 0x04 && id.di2() == 0x00 && id.di1() == 0x05)
                || Set.of(
                                DataItems.FREQUENCY,
                                DataItems.DATE,
                                DataItems.TIME,
                                DataItems.REMAINING_MONEY,
                                DataItems.OVERDRAFT,
                                DataItems.PROGRAMMING_COUNT,
                                DataItems.COVER_OPEN_COUNT,
                                DataItems.TERMINAL_COVER_OPEN_COUNT,
                                DataItems.LOSS_OF_VOLTAGE,
                                DataItems.COMMUNICATION_ADDRESS,
                                DataItems.METER_NUMBER,
                                DataItems.RATED_VOLTAGE,
                                DataItems.RATED_CURRENT,
                                DataItems.MAXIMUM_CURRENT,
                                DataItems.ACTIVE_ACCURACY_CLASS,
                                DataItems.REACTIVE_ACCURACY_CLASS,
                                DataItems.ACTIVE_CONSTANT,
                                DataItems.METER_MODEL,
                                DataItems.PROTOCOL_VERSION)
                        .contains(id);
    }

    @Test
    void aSinglePhaseMeterMarksPhasesBAndCAbsentInBlocksAndHasNoDataForThemAlone() throws DecodeException {
        VirtualMeter meter = Meters.offline(aMeter(31, CustomerClass.RESIDENTIAL, FeeControl.NONE), "", clock);

        List<DataValue> volts = read(meter, DataItems.VOLTAGE_BLOCK, START);
        assertThat(volts.get(0)).isInstanceOf(DataValue.Decimal.class);
        assertThat(volts.subList(1, 3)).containsOnly(new DataValue.Absent());
        List<DataValue> apparent = read(meter, DataItems.APPARENT_POWER_BLOCK, START);
        assertThat(apparent.subList(0, 2)).allMatch(DataValue.Decimal.class::isInstance);
        assertThat(apparent.subList(2, 4)).containsOnly(new DataValue.Absent());
        assertThat(apparent.get(0)).isEqualTo(apparent.get(1));
        assertThat(meter.handle(new Request.Read(meter.address(), DataIdentifier.parse("02010200")), START)
                        .orElseThrow())
                .isInstanceOf(Reply.Abnormal.class);
        assertThat(read(meter, DataItems.RATED_VOLTAGE, START)).containsExactly(new DataValue.Text("220V"));
        assertThat(read(meter, DataItems.METER_NUMBER, START))
                .containsExactly(new DataValue.Text(meter.address().digits()));
    }

    @Test
    void apparentPowerIsTheHypotenuseOfActiveAndReactive() throws DecodeException {
        VirtualMeter meter = Meters.offline(aMeter(32, CustomerClass.INDUSTRIAL, FeeControl.NONE), "", clock);
        Instant noon = START.plus(Duration.ofHours(4));

        BigDecimal p = ((DataValue.Decimal)
                        read(meter, DataItems.ACTIVE_POWER_TOTAL, noon).getFirst())
                .value();
        BigDecimal q = ((DataValue.Decimal)
                        read(meter, DataIdentifier.parse("02040000"), noon).getFirst())
                .value();
        BigDecimal s = ((DataValue.Decimal)
                        read(meter, DataItems.APPARENT_POWER_TOTAL, noon).getFirst())
                .value();

        assertThat(p).isPositive();
        assertThat(s)
                .isEqualTo(p.pow(2)
                        .add(q.pow(2))
                        .sqrt(java.math.MathContext.DECIMAL64)
                        .setScale(4, java.math.RoundingMode.HALF_UP));
    }

    @Test
    void refusesToWriteItsAddressAndConfirmsABaudRate() {
        VirtualMeter meter = Meters.offline(aMeter(33, CustomerClass.RESIDENTIAL, FeeControl.NONE), "", clock);

        assertThat(meter.handle(new Request.WriteAddress(MeterAddress.of(99)), START))
                .contains(Reply.Abnormal.of(
                        meter.address(), FunctionCode.WRITE_ADDRESS, Set.of(ErrorFlag.PASSWORD_ERROR_OR_UNAUTHORISED)));
        assertThat(meter.handle(new Request.ChangeBaudRate(meter.address(), BaudRate.B9600), START))
                .contains(new Reply.BaudRateChanged(meter.address(), BaudRate.B9600));
    }

    private static BigDecimal dayUse(VirtualMeter meter, LocalDate day) {
        Instant from = day.atStartOfDay(SimulatorConfig.CHINA).toInstant();
        return meter.registersAt(from.plus(Duration.ofDays(1)))
                .forwardTotal()
                .subtract(meter.registersAt(from).forwardTotal());
    }

    static Request.Control control(VirtualMeter meter, ControlType type, Instant validUntil) {
        return new Request.Control(
                meter.address(),
                new ControlCommand(
                        Password.parse("02000000"),
                        new OperatorCode(1),
                        type,
                        LocalDateTime.ofInstant(validUntil, SimulatorConfig.CHINA)));
    }

    private static List<DataValue> read(VirtualMeter meter, DataIdentifier id, Instant at) throws DecodeException {
        return ((Reply.ReadData)
                        meter.handle(new Request.Read(meter.address(), id), at).orElseThrow())
                .values();
    }

    private static DataValue.StatusBits statusWord3(VirtualMeter meter, Instant at) throws DecodeException {
        return (DataValue.StatusBits) read(meter, DataItems.STATUS_WORD_3, at).get(0);
    }
}
