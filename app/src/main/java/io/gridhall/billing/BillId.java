package io.gridhall.billing;

/** A bill's id: regular bills, reversals and rebills alike. */
public record BillId(long value) {

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
