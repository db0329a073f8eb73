package io.gridhall.billing.web;

import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillType;
import io.gridhall.billing.BillView;
import io.gridhall.billing.internal.document.BillVerification;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Problem;
import io.gridhall.shared.VerificationLookups;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Anyone holding a bill (a landlord, a bank, the customer) scans its QR code and learns whether the utility issued
 * it as printed, without signing in. The answer shows only what the bill itself shows, the account number masked.
 */
@Tag(name = "Bill verification")
@RestController
class BillVerificationApi {

    /**
     * @param status ISSUED, or REVERSED when a later reversal cancelled it (the paper is then no longer payable)
     */
    record Verified(
            boolean genuine,
            String billNumber,
            BillType type,
            BillStatus status,
            String accountNumber,
            LocalDate periodFrom,
            LocalDate periodTo,
            BigDecimal total,
            LocalDate issuedOn) {}

    private final BillVerification verification;
    private final VerificationLookups lookups;

    BillVerificationApi(BillVerification verification, VerificationLookups lookups) {
        this.verification = verification;
        this.lookups = lookups;
    }

    @Operation(summary = "Whether the bill a QR code names is genuine: its number, masked account, period, total")
    @ApiResponse(responseCode = "200", description = "genuine: the bill as the utility issued it")
    @ApiResponse(responseCode = "404", description = "no bill answers to this code: forged, altered or mistyped")
    @ApiResponse(responseCode = "400", description = "a token with characters a URL may not carry")
    @ApiResponse(
            responseCode = "429",
            description = "this address asked too often; retryAfterSeconds says when to ask again")
    @GetMapping("/api/v1/billing/verify/{token}")
    Verified verify(@PathVariable String token, HttpServletRequest request) {
        lookups.admit(request.getRemoteAddr());
        BillView b =
                verification.verify(token).orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "bill-not-genuine"));
        return new Verified(
                true,
                b.billNumber(),
                b.type(),
                b.status(),
                PersonalData.maskAccountNumber(b.accountNumber()),
                b.periodFrom(),
                b.periodTo(),
                b.total().toYuan(),
                b.issuedOn());
    }
}
