package io.gridhall.customer;

/**
 * What the customer's record says about the supply of an account, as billing rates it: each null when the record does
 * not say.
 *
 * @param contractedKva contracted (running) capacity in kVA, for a capacity basic charge
 * @param contractedDemandKw contracted maximum demand (合同最大需量) in kW: a demand basic charge bills the excess
 *     above it apart and the bill audit holds a bill whose demand is far above it
 * @param householdSize persons registered in the household (户籍人口), for the larger tier quotas of large households
 */
public record SupplyTerms(
        long supplyAccountId, Integer contractedKva, Integer contractedDemandKw, Integer householdSize) {}
