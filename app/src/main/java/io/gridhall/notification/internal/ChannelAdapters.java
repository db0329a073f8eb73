package io.gridhall.notification.internal;

import io.gridhall.notification.Channel;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The adapters this node has, one per channel at most. SMS has one only when a provider is
 * configured (or in the demo and the tests, the simulator): without it the channel is out of service.
 */
@Component
public class ChannelAdapters {

    private final Map<Channel, ChannelAdapter> byChannel = new EnumMap<>(Channel.class);

    @Autowired
    ChannelAdapters(Collection<ChannelAdapter> adapters) {
        for (ChannelAdapter adapter : adapters) {
            ChannelAdapter other = byChannel.put(adapter.channel(), adapter);
            if (other != null) {
                throw new IllegalStateException("Two adapters for the " + adapter.channel() + " channel: "
                        + other.getClass().getSimpleName() + " and "
                        + adapter.getClass().getSimpleName()
                        + " (a simulator exists only in the demo and the tests: configure no provider there)");
            }
        }
    }

    Optional<ChannelAdapter> of(Channel channel) {
        return Optional.ofNullable(byChannel.get(channel));
    }

    public boolean has(Channel channel) {
        return byChannel.containsKey(channel);
    }

    /** Whether a message of the template can go out by the channel on this node. */
    boolean carries(Channel channel, String template) {
        ChannelAdapter adapter = byChannel.get(channel);
        return adapter != null && adapter.carries(template);
    }
}
