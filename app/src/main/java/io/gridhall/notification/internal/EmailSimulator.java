package io.gridhall.notification.internal;

import io.gridhall.notification.Channel;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Simulated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Stands in for the mail server in the demo and the tests ({@link Simulated}): it checks the address
 * and accepts the message; what it "sent" is kept in the {@link DevInbox}. Its log line names the
 * template and the masked address, never the text (which may carry a one-time code). A configured mail
 * server ({@code spring.mail.host}) takes its place, in the demo too.
 */
@Component
@Simulated
@Conditional(MailServerConfigured.Absent.class)
class EmailSimulator implements ChannelAdapter {

    private static final Logger log = LoggerFactory.getLogger(EmailSimulator.class);

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public String provider() {
        return "simulated (demo and tests only)";
    }

    @Override
    public String deliver(Outgoing message) {
        if (!message.address().contains("@")) throw DeliveryFailed.permanent("not an e-mail address");
        log.info("Email {} to {} (simulated)", message.template(), PersonalData.maskEmail(message.address()));
        return "mail-" + message.deliveryId();
    }
}
