package io.gridhall.outage;

import java.time.OffsetDateTime;

/**
 * A portal user's subscription to the outage notices of an account or of a whole transformer area (OUT-2).
 *
 * @param kind {@code ACCOUNT} or {@code AREA}
 * @param label what the user named: the account number, or the area's name
 */
public record SubscriptionView(long id, String kind, long targetId, String label, OffsetDateTime createdAt) {}
