package io.gridhall.identity.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.internal.CustomerAccounts;
import io.gridhall.identity.internal.LegalDocuments;
import io.gridhall.identity.internal.MobileNumber;
import io.gridhall.identity.internal.OneTimeCodes;
import io.gridhall.identity.internal.OtpPurpose;
import io.gridhall.identity.internal.SignedInSessions;
import io.gridhall.identity.internal.StaffSignIn;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-in for customers (phone and one-time code) and staff (password and TOTP), sign-out, who am I. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private final OneTimeCodes codes;
    private final CustomerAccounts customers;
    private final StaffSignIn staff;
    private final SignedInSessions sessions;
    private final Audit audit;

    AuthController(
            OneTimeCodes codes, CustomerAccounts customers, StaffSignIn staff, SignedInSessions sessions, Audit audit) {
        this.codes = codes;
        this.customers = customers;
        this.staff = staff;
        this.sessions = sessions;
        this.audit = audit;
    }

    /**
     * @param purpose SIGN_IN (default; needs phone) or SERVICE_PASSWORD_RESET (signed-in customer's own phone)
     * @param consent for SIGN_IN: the versions of the user agreement and privacy policy the customer accepted,
     *     e.g. {"user-agreement":"2026-12-01","privacy-policy":"2026-12-01"}; always required, so the answer does
     *     not tell whether the phone has an account (a sign-in that creates the account records the consent)
     */
    record OtpRequest(
            @Size(max = 32) String phone,
            OtpPurpose purpose,
            @Size(max = 4) Map<String, String> consent) {}

    record OtpSent(String sentTo, long expiresInSeconds, long resendAfterSeconds) {}

    record CustomerSignIn(
            @NotBlank @Size(max = 32) String phone,
            @NotBlank @Size(max = 10) String code) {}

    record StaffSignInRequest(
            @NotBlank @Size(max = 64) String username,
            @NotBlank @Size(max = 128) String password) {}

    record SecondFactor(String secondFactor) {}

    record TotpRequest(@NotBlank @Size(max = 10) String code) {}

    record Csrf(String headerName, String parameterName, String token) {}

    @PostMapping("/customer/otp")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a six-digit one-time code by SMS (sign-in, or service password reset)")
    @ApiResponse(responseCode = "202", description = "Code sent; valid 5 minutes")
    @ApiResponse(
            responseCode = "400",
            description = "phone-invalid, consent-required (without the current documents' versions)")
    @ApiResponse(responseCode = "401", description = "not-signed-in (purpose SERVICE_PASSWORD_RESET)")
    @ApiResponse(responseCode = "429", description = "otp-too-soon, otp-hourly-limit, otp-ip-limit (retryAfterSeconds)")
    OtpSent sendCode(
            @Valid @RequestBody OtpRequest body, @AuthenticationPrincipal Actor actor, HttpServletRequest request) {
        OtpPurpose purpose = body.purpose() == null ? OtpPurpose.SIGN_IN : body.purpose();
        MobileNumber phone;
        Map<String, String> consent = null;
        if (purpose == OtpPurpose.SERVICE_PASSWORD_RESET) {
            if (actor == null || !actor.isCustomer()) throw new Problem(HttpStatus.UNAUTHORIZED, "not-signed-in");
            phone = customers.phoneOf(actor.userId()).orElseThrow(() -> Problem.notFound("customer"));
        } else {
            phone = MobileNumber.parse(body.phone()).orElseThrow(() -> Problem.badRequest("phone-invalid"));
            // personal-information law: no account (and no phone kept) before the customer agreed. Asked of every
            // code request, not only of new phones, so that the answer never tells whether a phone has an account.
            LegalDocuments.requireCurrent(body.consent());
            consent = body.consent();
        }
        codes.send(phone, purpose, consent, request.getRemoteAddr(), LocaleContextHolder.getLocale());
        return new OtpSent(
                PersonalData.maskPhone(phone.value()),
                OneTimeCodes.VALIDITY.toSeconds(),
                OneTimeCodes.MIN_INTERVAL.toSeconds());
    }

    @PostMapping("/customer/sign-in")
    @Operation(summary = "Sign a customer in with phone and code; the first sign-in creates the account")
    @ApiResponse(responseCode = "200", description = "Signed in; the session cookie is set")
    @ApiResponse(
            responseCode = "400",
            description = "phone-invalid, otp-wrong (remainingAttempts), otp-expired, otp-exhausted, otp-missing")
    @ApiResponse(responseCode = "403", description = "account-disabled, csrf-invalid")
    MeView customerSignIn(
            @Valid @RequestBody CustomerSignIn body, HttpServletRequest request, HttpServletResponse response) {
        MobileNumber phone = MobileNumber.parse(body.phone()).orElseThrow(() -> Problem.badRequest("phone-invalid"));
        Actor actor = customers.signIn(phone, body.code(), request.getRemoteAddr());
        sessions.start(request, response, actor);
        return MeView.of(actor);
    }

    @PostMapping("/staff/sign-in")
    @Operation(summary = "First step of staff sign-in: username and password; a TOTP code follows")
    @ApiResponse(responseCode = "200", description = "{\"secondFactor\":\"TOTP\"}: half signed in")
    @ApiResponse(responseCode = "401", description = "sign-in-failed")
    @ApiResponse(
            responseCode = "429",
            description = "sign-in-throttled (retryAfterSeconds): growing delays, no lockout")
    SecondFactor staffSignIn(@Valid @RequestBody StaffSignInRequest body, HttpServletRequest request) {
        long id = staff.password(body.username(), body.password(), request.getRemoteAddr());
        sessions.startPending(request, id);
        return new SecondFactor("TOTP");
    }

    @PostMapping("/staff/totp")
    @Operation(summary = "Second step of staff sign-in: the current TOTP code")
    @ApiResponse(responseCode = "200", description = "Signed in")
    @ApiResponse(responseCode = "401", description = "totp-wrong, no-pending-sign-in")
    @ApiResponse(
            responseCode = "429",
            description = "sign-in-throttled (retryAfterSeconds): growing delays, no lockout")
    MeView staffTotp(@Valid @RequestBody TotpRequest body, HttpServletRequest request, HttpServletResponse response) {
        Long pending = sessions.pendingStaff(request);
        if (pending == null) throw new Problem(HttpStatus.UNAUTHORIZED, "no-pending-sign-in");
        Actor actor;
        try {
            actor = staff.totp(pending, body.code(), request.getRemoteAddr());
        } catch (Problem p) {
            if (p.getStatusCode().value() == 429) sessions.clearPending(request);
            throw p;
        }
        sessions.start(request, response, actor);
        return MeView.of(actor);
    }

    @PostMapping("/sign-out")
    @Operation(summary = "Sign out and end the session")
    @ApiResponse(responseCode = "204", description = "Signed out (also when not signed in)")
    ResponseEntity<Void> signOut(@AuthenticationPrincipal Actor actor, HttpServletRequest request) {
        if (actor != null) {
            audit.record(
                    actor,
                    "sign-out",
                    actor.isStaff() ? "staff" : "customer",
                    Long.toString(actor.userId().value()),
                    Map.of("ip", request.getRemoteAddr()));
        }
        sessions.end(request);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/me")
    @Operation(summary = "The signed-in actor; personal data masked")
    @ApiResponse(responseCode = "200", description = "The actor")
    @ApiResponse(responseCode = "401", description = "not-signed-in, session-expired")
    MeView me(@AuthenticationPrincipal Actor actor, HttpServletRequest request) {
        if (actor == null) {
            throw new Problem(
                    HttpStatus.UNAUTHORIZED,
                    request.getAttribute(SignedInSessions.EXPIRED) != null ? "session-expired" : "not-signed-in");
        }
        return MeView.of(actor);
    }

    @GetMapping("/csrf")
    @Operation(summary = "The CSRF token (also set as the XSRF-TOKEN cookie) to send as X-XSRF-TOKEN on changes")
    @ApiResponse(responseCode = "200", description = "The token")
    Csrf csrf(CsrfToken token) {
        return new Csrf(token.getHeaderName(), token.getParameterName(), token.getToken());
    }
}
