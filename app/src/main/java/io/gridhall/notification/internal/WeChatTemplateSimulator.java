package io.gridhall.notification.internal;

import io.gridhall.notification.Channel;
import io.gridhall.shared.Simulated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Stands in for WeChat's template-message API in the demo and the tests ({@link Simulated}): same
 * behaviour as the SMS simulator, keyed by openid.
 */
@Component
@Simulated
class WeChatTemplateSimulator implements ChannelAdapter {

    private static final Logger log = LoggerFactory.getLogger(WeChatTemplateSimulator.class);

    private final OperatorSimulation operator;

    @Autowired
    WeChatTemplateSimulator(NotificationSettings settings) {
        this(new OperatorSimulation(
                "wx",
                settings.simulator().failurePercent(),
                OperatorSimulation.dice(
                        settings.simulator().seed() == null
                                ? null
                                : settings.simulator().seed() + 1)));
    }

    WeChatTemplateSimulator(OperatorSimulation operator) {
        this.operator = operator;
    }

    @Override
    public Channel channel() {
        return Channel.WECHAT;
    }

    @Override
    public String deliver(Outgoing message) {
        if (message.address().isBlank() || message.address().length() > 64) {
            throw DeliveryFailed.permanent("not a WeChat openid");
        }
        OperatorSimulation.Submission submission = operator.submit(message.deliveryId());
        if (!submission.duplicate()) {
            log.info("WeChat {} to {} (simulated)", message.template(), maskOpenId(message.address()));
        }
        return submission.messageId();
    }

    static String maskOpenId(String openId) {
        return openId.length() <= 6 ? "****" : openId.substring(0, 4) + "****" + openId.substring(openId.length() - 2);
    }
}
