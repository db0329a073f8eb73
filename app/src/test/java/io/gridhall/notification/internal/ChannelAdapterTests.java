package io.gridhall.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.gridhall.notification.Category;
import io.gridhall.notification.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

class ChannelAdapterTests {

    @Test
    void theSimulatedOperatorFailsTheSameWayForTheSameSeed() {
        assertThat(outcomes(42)).isEqualTo(outcomes(42)).contains(true, false);
    }

    @Test
    void aRepeatedReferenceGetsTheFirstIdAndNeverFails() {
        OperatorSimulation operator = new OperatorSimulation("sms", 0, new Random(1));
        String first = operator.submit(7).messageId();
        OperatorSimulation alwaysBusy = new OperatorSimulation("sms", 100, new Random(1));

        assertThat(operator.submit(7)).isEqualTo(new OperatorSimulation.Submission(first, true));
        assertThat(operator.submit(8).messageId()).isNotEqualTo(first);
        assertThatThrownBy(() -> alwaysBusy.submit(7))
                .isInstanceOfSatisfying(
                        DeliveryFailed.class, f -> assertThat(f.permanent()).isFalse());
    }

    @Test
    void theSmsSimulatorRefusesWhatIsNoPhoneNumberForGood() {
        var sms = new SmsGatewaySimulator(new OperatorSimulation("sms", 0, new Random(1)));
        assertThat(sms.deliver(message(Channel.SMS, "13812345678"))).startsWith("sms-");
        assertThatThrownBy(() -> sms.deliver(message(Channel.SMS, "not-a-number")))
                .isInstanceOfSatisfying(
                        DeliveryFailed.class, f -> assertThat(f.permanent()).isTrue());
    }

    @Test
    void emailGoesThroughTheMailServerWhenThereIsOne() {
        JavaMailSender mail = mock(JavaMailSender.class);
        var email = new EmailChannel(mail, "noreply@gridhall.local");

        assertThat(email.deliver(message(Channel.EMAIL, "li.lei@example.com"))).isEqualTo("mail-9");
        ArgumentCaptor<SimpleMailMessage> sent = ArgumentCaptor.forClass(SimpleMailMessage.class);
        verify(mail).send(sent.capture());
        assertThat(sent.getValue().getTo()).containsExactly("li.lei@example.com");
        assertThat(sent.getValue().getSubject()).isEqualTo("主题");
    }

    @Test
    void aMailServerHiccupIsRetriedButABadMessageIsNot() {
        JavaMailSender mail = mock(JavaMailSender.class);
        var email = new EmailChannel(mail, "noreply@gridhall.local");
        doThrow(new MailSendException("connection refused")).when(mail).send(any(SimpleMailMessage.class));
        assertThatThrownBy(() -> email.deliver(message(Channel.EMAIL, "a@example.com")))
                .isInstanceOfSatisfying(
                        DeliveryFailed.class, f -> assertThat(f.permanent()).isFalse());

        doThrow(new MailParseException("bad address")).when(mail).send(any(SimpleMailMessage.class));
        assertThatThrownBy(() -> email.deliver(message(Channel.EMAIL, "a@example.com")))
                .isInstanceOfSatisfying(
                        DeliveryFailed.class, f -> assertThat(f.permanent()).isTrue());
    }

    /** Issue 7: without spring.mail.host e-mail counted as sent in production. */
    @Test
    void withoutAMailServerEmailIsOutOfServiceNotSent() {
        assertThatThrownBy(() -> new EmailChannel((JavaMailSender) null, "x@y"))
                .isInstanceOf(NullPointerException.class);
        var none = new ChannelAdapters(List.of());
        assertThat(none.has(Channel.EMAIL)).isFalse();
        assertThat(none.carries(Channel.EMAIL, "message.plain")).isFalse();
        var health = new MailChannelHealth(none).health();
        assertThat(health.getStatus()).isEqualTo(SmsChannelHealth.DEGRADED);
        assertThat(health.getDetails().get("reason").toString()).contains("spring.mail.host");

        var withServer = new ChannelAdapters(List.of(new EmailChannel(mock(JavaMailSender.class), "x@y")));
        assertThat(new MailChannelHealth(withServer).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void theEmailSimulatorChecksTheAddress() {
        var simulator = new EmailSimulator();
        assertThat(simulator.deliver(message(Channel.EMAIL, "a@example.com"))).isEqualTo("mail-9");
        assertThatThrownBy(() -> simulator.deliver(message(Channel.EMAIL, "13800138000")))
                .isInstanceOfSatisfying(
                        DeliveryFailed.class, f -> assertThat(f.permanent()).isTrue());
    }

    private static List<Boolean> outcomes(long seed) {
        OperatorSimulation operator = new OperatorSimulation("sms", 30, new Random(seed));
        List<Boolean> outcomes = new ArrayList<>();
        IntStream.range(0, 50).forEach(i -> {
            try {
                operator.submit(i);
                outcomes.add(true);
            } catch (DeliveryFailed e) {
                outcomes.add(false);
            }
        });
        return outcomes;
    }

    private static Outgoing message(Channel channel, String address) {
        return new Outgoing(9, channel, address, Category.SERVICE, "message.plain", Map.of(), "主题", "正文", null);
    }
}
