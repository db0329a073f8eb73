package io.gridhall.identity;

/**
 * SPI the customer module implements: whether a portal customer has bound a supply account. Identity
 * needs it to let a customer reset the service password of their own accounts only.
 */
public interface SupplyAccountOwnership {

    boolean isBoundTo(UserId customer, long supplyAccountId);
}
