package io.gridhall.billing.internal;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The {@link Billing} facade over the bills in schema {@code billing}. */
@Service
@Transactional(readOnly = true)
class BillBook implements Billing {

    private final Bills bills;

    BillBook(Bills bills) {
        this.bills = bills;
    }

    @Override
    public Optional<BillView> bill(BillId id) {
        return bills.find(id.value());
    }

    @Override
    public List<BillView> issuedBills(long supplyAccountId, int limit) {
        return bills.issuedOf(supplyAccountId, limit);
    }
}
