package io.gridhall.metering.internal;

import io.gridhall.dlt645.ControlSecurity;
import io.gridhall.dlt645.Reply;
import io.gridhall.dlt645.Request;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One request to a meter on the meter's own link (the concentrator the archive names, or the one it answered a
 * request on), and the reply that came back on that link from that address. What meter commands need of the
 * head-end; a test stands a scripted meter in for it.
 */
interface MeterExchange {

    /**
     * @param beforeSend asked once the link is free, just before the frame leaves; false: nothing is sent (the
     *     caller's lease ran out while it waited for the link)
     * @return the reply, or empty when the meter has no link up, the request was not sent, or no reply came in time
     */
    Optional<Reply> exchange(Request request, ControlSecurity security, BooleanSupplier beforeSend);
}
