package io.gridhall.payment.web;

import io.gridhall.payment.Gateway;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.internal.PrintingReceipts;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Problem;
import io.gridhall.shared.VerificationLookups;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Anyone holding a payment receipt (the customer, a landlord, an auditor) scans its QR code and learns whether the
 * utility received the money as printed, and whether the payment was reversed since, without signing in. The answer
 * shows only what the receipt itself shows, the account number masked.
 */
@Tag(name = "Payment: receipt verification")
@RestController
class ReceiptVerificationApi {

    /**
     * @param status PAID, or REVERSED when a later posting reversed it (the receipt then no longer stands)
     * @param gateway the gateway an online payment came through
     */
    record Verified(
            boolean genuine,
            String receiptNumber,
            String status,
            PaymentChannel channel,
            Gateway gateway,
            String accountNumber,
            BigDecimal amount,
            Instant paidAt,
            Instant reversedAt) {}

    private final PrintingReceipts receipts;
    private final VerificationLookups lookups;

    ReceiptVerificationApi(PrintingReceipts receipts, VerificationLookups lookups) {
        this.receipts = receipts;
        this.lookups = lookups;
    }

    @Operation(
            summary =
                    "Whether the receipt a QR code names is genuine: its number, masked account, amount, time, status")
    @ApiResponse(responseCode = "200", description = "genuine: the payment as the ledger holds it")
    @ApiResponse(responseCode = "404", description = "no receipt answers to this code: forged, altered or mistyped")
    @ApiResponse(responseCode = "400", description = "a token with characters a URL may not carry")
    @ApiResponse(
            responseCode = "429",
            description = "this address asked too often; retryAfterSeconds says when to ask again")
    @GetMapping(PrintingReceipts.VERIFY_PATH + "{token}")
    Verified verify(@PathVariable String token, HttpServletRequest request) {
        lookups.admit(request.getRemoteAddr());
        PrintingReceipts.Verified v =
                receipts.verify(token).orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "receipt-not-genuine"));
        return new Verified(
                true,
                v.receiptNumber(),
                v.reversed() ? "REVERSED" : "PAID",
                v.channel(),
                v.gateway(),
                PersonalData.maskAccountNumber(v.accountNumber()),
                v.amount().toYuan(),
                v.paidAt(),
                v.reversedAt());
    }
}
