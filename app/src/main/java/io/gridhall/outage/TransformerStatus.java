package io.gridhall.outage;

import java.time.OffsetDateTime;

/**
 * A dedicated transformer's (专变) supply as its customer sees it (INFO-1): on or off since when, from the meters'
 * supply signals and the published outages, and when supply is expected back.
 *
 * @param since when supply went (off) or last came back (on); null when nothing is known
 * @param expectedRestorationAt from the published outage covering the account, else null
 * @param outageId that outage, else null
 */
public record TransformerStatus(
        long supplyAccountId,
        long areaId,
        String areaCode,
        String areaName,
        boolean supplied,
        OffsetDateTime since,
        OffsetDateTime expectedRestorationAt,
        Long outageId) {}
