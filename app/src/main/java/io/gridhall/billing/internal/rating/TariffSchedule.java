package io.gridhall.billing.internal.rating;

/**
 * The effective-dated versions of one tariff that cover a period, in order: a version change inside the period
 * splits it by days. Built by the tariff catalogue from the tariff pack and the approved versions in the database.
 */
public record TariffSchedule(String tariffId) {}
