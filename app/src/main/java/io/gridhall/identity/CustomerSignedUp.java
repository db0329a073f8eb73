package io.gridhall.identity;

/**
 * A customer signed in to the portal for the first time with this (verified) mobile number.
 * Published inside the sign-up transaction; listeners run synchronously in it, so what they do
 * (e.g. claiming accounts kept for this phone) is there when the first page loads.
 */
public record CustomerSignedUp(UserId user, String phone) {}
