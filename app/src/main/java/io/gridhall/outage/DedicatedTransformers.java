package io.gridhall.outage;

import io.gridhall.identity.Actor;
import java.util.List;

/** INFO-1: the status of the dedicated transformers (专变) of a portal customer's accounts. */
public interface DedicatedTransformers {

    /** One per bound account fed by a dedicated transformer; accounts on a public transformer are left out. */
    List<TransformerStatus> mine(Actor actor);
}
