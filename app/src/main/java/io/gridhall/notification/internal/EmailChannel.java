package io.gridhall.notification.internal;

import io.gridhall.notification.Channel;
import io.gridhall.shared.PersonalData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Conditional;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * E-mail through the mail server named by {@code spring.mail.host} (Spring Boot then provides a
 * {@link JavaMailSender}). Without one the channel does not exist on the node: e-mail is out of service
 * ({@link MailChannelHealth}), codes by e-mail answer 503 and other messages skip the channel; the demo
 * and the tests have {@link EmailSimulator} instead.
 */
@Component
@Conditional(MailServerConfigured.class)
class EmailChannel implements ChannelAdapter {

    private static final Logger log = LoggerFactory.getLogger(EmailChannel.class);

    private final JavaMailSender mail;
    private final String from;

    @Autowired
    EmailChannel(JavaMailSender mail, NotificationSettings settings) {
        this(mail, settings.mail().from());
    }

    EmailChannel(JavaMailSender mail, String from) {
        this.mail = java.util.Objects.requireNonNull(mail, "mail sender");
        this.from = from;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public String provider() {
        return "mail server";
    }

    @Override
    public String deliver(Outgoing message) {
        if (!message.address().contains("@")) throw DeliveryFailed.permanent("not an e-mail address");
        String id = "mail-" + message.deliveryId();
        SimpleMailMessage mailMessage = new SimpleMailMessage();
        mailMessage.setFrom(from);
        mailMessage.setTo(message.address());
        mailMessage.setSubject(message.subject());
        mailMessage.setText(message.body());
        try {
            mail.send(mailMessage);
        } catch (MailParseException | MailPreparationException e) {
            throw DeliveryFailed.permanent("mail rejected: " + e.getMessage());
        } catch (MailAuthenticationException e) {
            // the server refused our credentials: an operator must fix it, until then keep retrying
            throw DeliveryFailed.transientFailure("mail server authentication failed");
        } catch (MailException e) {
            throw DeliveryFailed.transientFailure("mail server: " + e.getMessage());
        }
        log.info("Email to {}: {}", PersonalData.maskEmail(message.address()), message.subject());
        return id;
    }
}
