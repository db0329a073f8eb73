package io.gridhall.billing.internal.rating;

/** Usage the engine cannot rate against a tariff: a register that went backwards, a capacity the tariff needs. */
public class RatingException extends RuntimeException {

    public RatingException(String message) {
        super(message);
    }
}
