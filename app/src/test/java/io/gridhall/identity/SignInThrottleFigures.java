package io.gridhall.identity;

/** The throttle's figures as the tests expect them (see {@code SignInThrottle}). */
final class SignInThrottleFigures {
    static final int PAIR_FREE = 3;
    static final int IP_FREE = 20;
    static final int USERNAME_FREE = 10;

    private SignInThrottleFigures() {}
}
