package io.gridhall.billing;

import java.util.List;
import java.util.Optional;

/**
 * The billing facade other modules and the web layer use. Queries do not check branch scopes or portal bindings;
 * callers that serve people do (each view carries its account and branch).
 */
public interface Billing {

    /** One bill with its lines, in any state. */
    Optional<BillView> bill(BillId id);

    /** The account's issued bills (ISSUED and REVERSED, reversals and rebills included), newest period first. */
    List<BillView> issuedBills(long supplyAccountId, int limit);
}
