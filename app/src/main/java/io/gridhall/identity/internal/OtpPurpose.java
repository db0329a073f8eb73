package io.gridhall.identity.internal;

/** What a one-time code proves; a code works only for the purpose it was sent for. */
public enum OtpPurpose {
    SIGN_IN("otp.sign-in"),
    SERVICE_PASSWORD_RESET("otp.service-password-reset");

    final String template;

    OtpPurpose(String template) {
        this.template = template;
    }
}
