package io.gridhall.notification.internal;

import io.gridhall.notification.Channel;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Simulated;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Stands in for the SMS operator's HTTP API in the demo and the tests ({@link Simulated}): it
 * validates the number, fails transiently at the configured rate and deduplicates on the delivery id.
 * What it "sent" is kept in the {@link DevInbox}; its log line names the template and the masked
 * number, never the text (which may carry a one-time code). A configured provider takes its place,
 * in the demo too.
 */
@Component
@Simulated
@Conditional(SmsProviderConfigured.Absent.class)
class SmsGatewaySimulator implements ChannelAdapter {

    private static final Logger log = LoggerFactory.getLogger(SmsGatewaySimulator.class);
    private static final Pattern NUMBER = Pattern.compile("\\+?\\d{5,15}");

    private final OperatorSimulation operator;

    @Autowired
    SmsGatewaySimulator(NotificationSettings settings) {
        this(new OperatorSimulation(
                "sms",
                settings.simulator().failurePercent(),
                OperatorSimulation.dice(settings.simulator().seed())));
    }

    SmsGatewaySimulator(OperatorSimulation operator) {
        this.operator = operator;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public String provider() {
        return "simulated (demo and tests only)";
    }

    @Override
    public String deliver(Outgoing message) {
        if (!NUMBER.matcher(message.address()).matches()) {
            throw DeliveryFailed.permanent("not a phone number: " + PersonalData.maskPhone(message.address()));
        }
        OperatorSimulation.Submission submission = operator.submit(message.deliveryId());
        if (!submission.duplicate()) {
            log.info("SMS {} to {} (simulated)", message.template(), PersonalData.maskPhone(message.address()));
        }
        return submission.messageId();
    }
}
