package io.gridhall.payment;

import io.gridhall.billing.BillId;
import io.gridhall.shared.Money;
import java.time.LocalDate;

/** Something an account owes: an issued bill, a penalty or a charge, with what is still open of it. */
public record OpenItem(
        long itemId,
        long supplyAccountId,
        String kind,
        BillId bill,
        String billNumber,
        LocalDate periodFrom,
        LocalDate periodTo,
        LocalDate dueOn,
        Money amount,
        Money open) {}
