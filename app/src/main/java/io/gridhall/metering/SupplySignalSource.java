package io.gridhall.metering;

/** How the head-end learnt that a meter lost or regained supply. */
public enum SupplySignalSource {
    /** The meter did not answer a scheduled read on its live concentrator link. */
    SILENT,
    /** The meter's concentrator, seen before, has had no link for longer than the grace period. */
    CONCENTRATOR_SILENT,
    /** The meter's own power-off (掉电) event record (DL/T 645-2007 03 11 00 01): start and end of the loss. */
    EVENT_RECORD
}
