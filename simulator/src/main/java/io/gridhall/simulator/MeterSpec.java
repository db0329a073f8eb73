package io.gridhall.simulator;

import io.gridhall.dlt645.MeterAddress;

/** One row of meters.csv: which concentrator a meter sits behind and how it behaves. */
public record MeterSpec(
        String concentratorId, MeterAddress address, CustomerClass customerClass, FeeControl feeControl) {

    public MeterSpec {
        if (!DtuProtocol.isValidId(concentratorId)) {
            throw new IllegalArgumentException("bad concentrator id: " + concentratorId);
        }
        if (address == null || customerClass == null || feeControl == null) {
            throw new IllegalArgumentException("address, class and fee control are required");
        }
        if (address.isBroadcast() || address.isWildcard()) {
            throw new IllegalArgumentException("a meter needs a concrete address: " + address);
        }
    }
}
