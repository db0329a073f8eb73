package io.gridhall.customer.internal;

import io.gridhall.identity.SupplyAccountOwnership;
import io.gridhall.identity.UserId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Tells identity whether a portal customer bound an account (own binding only, not via a group). */
@Component
class BoundAccounts implements SupplyAccountOwnership {

    private final CustomerRecords records;

    BoundAccounts(CustomerRecords records) {
        this.records = records;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean isBoundTo(UserId customer, long supplyAccountId) {
        return records.isBound(customer.value(), supplyAccountId);
    }
}
