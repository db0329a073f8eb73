package io.gridhall.payment.web;

import io.gridhall.identity.Actor;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.internal.ClosingTills;
import io.gridhall.shared.Money;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Payment: till close (日终轧账)")
@RestController
@RequestMapping("/api/v1/payment/till")
class TillsApi {

    record ChannelOut(
            PaymentChannel channel, int payments, BigDecimal paymentsTotal, BigDecimal other, BigDecimal expected) {}

    record ReceiptOut(
            long postingId, String receiptNumber, Instant postedAt, PaymentChannel channel, BigDecimal amount) {}

    record ClosedOut(
            LocalDate day,
            String clerk,
            BigDecimal cashExpected,
            BigDecimal cashCounted,
            BigDecimal cashDifference,
            BigDecimal cardExpected,
            BigDecimal cardCounted,
            BigDecimal cardDifference,
            int payments,
            String reason,
            Instant closedAt) {}

    record TillOut(
            LocalDate day, String clerk, List<ChannelOut> channels, List<ReceiptOut> receipts, ClosedOut closed) {}

    record CloseIn(
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @NotNull @Pattern(regexp = LedgerApi.YUAN) String cashCounted,
            @NotNull @Pattern(regexp = LedgerApi.YUAN) String cardCounted,
            String reason) {}

    private final ClosingTills tills;

    TillsApi(ClosingTills tills) {
        this.tills = tills;
    }

    @Operation(
            summary = "The caller's till of a day: counter money by channel as the ledger has it, and the receipts",
            description = "PAYMENT_COLLECT. Today when no day is given. Payments, then other movements the clerk posted"
                    + " on the CASH and CARD books (refunds, reversals); expected is their sum.")
    @GetMapping
    TillOut till(
            @AuthenticationPrincipal Actor actor,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        ClosingTills.Till t = tills.till(actor, day);
        return new TillOut(
                t.day(),
                t.clerk(),
                t.channels().stream()
                        .map(c -> new ChannelOut(
                                c.channel(),
                                c.payments(),
                                c.paymentsTotal().toYuan(),
                                c.other().toYuan(),
                                c.expected().toYuan()))
                        .toList(),
                t.receipts().stream()
                        .map(r -> new ReceiptOut(
                                r.postingId(),
                                r.receiptNumber(),
                                r.postedAt(),
                                r.channel(),
                                r.amount().toYuan()))
                        .toList(),
                t.closed() == null ? null : out(t.closed()));
    }

    @Operation(
            summary = "Close the caller's till of a day with the cash counted and the card terminal's total",
            description = "PAYMENT_COLLECT. A difference from the ledger needs a reason (4 to 200 characters, at least"
                    + " two letters) and is recorded with it. Once closed, the clerk's counter payments of that day are"
                    + " refused (409 till-closed). Audited.")
    @ApiResponse(responseCode = "201", description = "the closed till")
    @ApiResponse(responseCode = "400", description = "bad amounts, a day in the future, or a difference without reason")
    @ApiResponse(responseCode = "409", description = "the till of that day is closed already")
    @PostMapping("/close")
    ResponseEntity<ClosedOut> close(@AuthenticationPrincipal Actor actor, @Valid @RequestBody CloseIn in) {
        ClosingTills.Closed c =
                tills.close(actor, in.day(), Money.yuan(in.cashCounted()), Money.yuan(in.cardCounted()), in.reason());
        return ResponseEntity.status(HttpStatus.CREATED).body(out(c));
    }

    private static ClosedOut out(ClosingTills.Closed c) {
        return new ClosedOut(
                c.day(),
                c.clerk(),
                c.cashExpected().toYuan(),
                c.cashCounted().toYuan(),
                c.cashDifference().toYuan(),
                c.cardExpected().toYuan(),
                c.cardCounted().toYuan(),
                c.cardDifference().toYuan(),
                c.payments(),
                c.reason(),
                c.closedAt());
    }
}
