package io.gridhall.payment.web;

import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.payment.InvoiceState;
import io.gridhall.payment.internal.IssuingInvoices;
import io.gridhall.payment.internal.IssuingInvoices.BuyerIn;
import io.gridhall.payment.internal.IssuingInvoices.BuyerType;
import io.gridhall.payment.internal.IssuingInvoices.InvoiceView;
import io.gridhall.payment.internal.IssuingInvoices.Kind;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Electronic invoices (数电票, PAY-11, ADR 0021): a customer asks for a paid bill's invoice with its buyer (抬头), sees
 * how it stands, downloads the platform's PDF and has it e-mailed; staff list their branches' invoices and correct a
 * wrong buyer (red invoice and a new blue one). Buyer fields are masked in every answer.
 */
@Tag(name = "Payment: electronic invoices")
@RestController
class InvoicesApi {

    record BuyerBody(
            @NotNull BuyerType buyerType,
            @NotNull @Size(max = 100) String buyerName,
            @Size(max = 40) String buyerTaxId,
            @Size(max = 254) String email) {

        BuyerIn buyer() {
            return new BuyerIn(buyerType, buyerName, buyerTaxId, email);
        }
    }

    record ReissueBody(
            @NotNull BuyerType buyerType,
            @NotNull @Size(max = 100) String buyerName,
            @Size(max = 40) String buyerTaxId,
            @Size(max = 254) String email,
            @NotNull @Size(max = 200) String reason) {}

    record EmailBody(@NotNull @Size(max = 254) String email) {}

    /** An invoice; buyer fields masked, amounts in yuan. */
    record InvoiceOut(
            long id,
            String requestNumber,
            Kind kind,
            InvoiceState state,
            long accountId,
            long billId,
            String billNumber,
            BuyerType buyerType,
            String buyerName,
            String buyerTaxId,
            String buyerEmail,
            BigDecimal total,
            BigDecimal net,
            BigDecimal tax,
            String invoiceNumber,
            Instant issuedAt,
            String refusal,
            Long originalId,
            Long replacesId,
            String reason,
            String requestedBy,
            Instant requestedAt,

            @Schema(description = "a red invoice sent again: the refused red invoice it sends again")
            Long retryOf,

            @Schema(
                    description =
                            "how often the worker has sent this red invoice again since it was first asked for, or"
                                    + " sent again by a person (0 for those)")
            int retry) {

        static InvoiceOut of(InvoiceView v) {
            return new InvoiceOut(
                    v.id(),
                    v.requestNumber(),
                    v.kind(),
                    v.state(),
                    v.accountId(),
                    v.billId(),
                    v.billNumber(),
                    v.buyerType(),
                    v.buyerName(),
                    v.buyerTaxId(),
                    v.buyerEmail(),
                    v.total().toYuan(),
                    v.net().toYuan(),
                    v.tax().toYuan(),
                    v.invoiceNumber(),
                    v.issuedAt(),
                    v.refusal(),
                    v.originalId(),
                    v.replacesId(),
                    v.reason(),
                    v.requestedBy(),
                    v.requestedAt(),
                    v.retryOf(),
                    v.retry());
        }
    }

    private final IssuingInvoices invoices;
    private final Customers customers;

    InvoicesApi(IssuingInvoices invoices, Customers customers) {
        this.invoices = invoices;
        this.customers = customers;
    }

    @Operation(
            summary = "Ask for a paid bill's electronic invoice (开具发票) with its buyer (抬头)",
            description = "A portal customer, for an account they may pay, or staff of the account's branch. The bill"
                    + " must be settled in full (a prepaid account's top-ups are not invoiced: the bills they settle"
                    + " are). The buyer is a person's name, or a company's name and 统一社会信用代码 (checked by its"
                    + " check character). The tax platform issues it within moments; the answer is REQUESTED. Asked"
                    + " again with the same buyer, the invoice already asked for is answered (200); another buyer while"
                    + " one stands is 409 (staff correct it by a reissue).")
    @ApiResponse(responseCode = "201", description = "asked for")
    @ApiResponse(responseCode = "200", description = "already asked for with this buyer: that invoice")
    @ApiResponse(responseCode = "400", description = "a buyer without a name, a tax id whose check character is wrong")
    @ApiResponse(responseCode = "404", description = "no such bill on an account the caller may see")
    @ApiResponse(
            responseCode = "409",
            description = "the bill is not settled, was reversed, or has another buyer's invoice")
    @ApiResponse(responseCode = "503", description = "no tax platform is configured")
    @PostMapping("/api/v1/payment/accounts/{accountId}/bills/{billId}/invoice")
    ResponseEntity<InvoiceOut> request(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long accountId,
            @PathVariable long billId,
            @Valid @RequestBody BuyerBody body) {
        visible(actor, accountId);
        IssuingInvoices.Requested r = invoices.request(accountId, billId, body.buyer(), actor.displayName());
        return ResponseEntity.status(r.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(InvoiceOut.of(r.invoice()));
    }

    @Operation(
            summary = "Electronic invoices: a customer's own (all accounts they may pay), or staff's branches'",
            description = "Newest first. Staff may filter by state (the console's list); a customer sees theirs.")
    @ApiResponse(responseCode = "200", description = "the invoices")
    @ApiResponse(responseCode = "400", description = "an unknown state")
    @ApiResponse(responseCode = "404", description = "not used: an empty list instead")
    @GetMapping("/api/v1/payment/invoices")
    List<InvoiceOut> list(
            @AuthenticationPrincipal Actor actor,
            @RequestParam(required = false) InvoiceState state,
            @RequestParam(defaultValue = "100") int limit) {
        int n = Math.max(1, Math.min(limit, 500));
        if (actor.isCustomer())
            return invoices
                    .ofAccounts(
                            customers.portalAccounts(actor.userId()).stream()
                                    .map(SupplyAccountView::id)
                                    .toList(),
                            n)
                    .stream()
                    .map(InvoiceOut::of)
                    .toList();
        staffMayRead(actor);
        List<Long> branches = actor.has(Permission.ALL_BRANCHES) ? null : actor.branchScope();
        return invoices.ofBranches(branches, state, n).stream()
                .map(InvoiceOut::of)
                .toList();
    }

    @Operation(summary = "One electronic invoice and how it stands")
    @ApiResponse(responseCode = "200", description = "the invoice")
    @ApiResponse(responseCode = "400", description = "an id that is not a number")
    @ApiResponse(responseCode = "404", description = "no such invoice, or one the caller may not see")
    @GetMapping("/api/v1/payment/invoices/{id}")
    InvoiceOut one(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        return InvoiceOut.of(seen(actor, id));
    }

    @Operation(summary = "An issued invoice's PDF as the tax platform made it")
    @ApiResponse(
            responseCode = "200",
            description = "the PDF",
            content = @Content(mediaType = MediaType.APPLICATION_PDF_VALUE))
    @ApiResponse(responseCode = "400", description = "an id that is not a number")
    @ApiResponse(
            responseCode = "404",
            description = "no such invoice, one not issued yet, or one the caller may not see")
    @GetMapping(
            value = "/api/v1/payment/invoices/{id}/invoice.pdf",
            produces = {MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<byte[]> pdf(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        InvoiceView v = seen(actor, id);
        byte[] pdf = invoices.pdf(id).orElseThrow(() -> Problem.notFound("invoice"));
        return pdfAnswer(pdf, v.invoiceNumber());
    }

    @Operation(
            summary = "E-mail an issued invoice (its number, amount and a link to its PDF) through the notification"
                    + " module")
    @ApiResponse(responseCode = "202", description = "queued; the same address asked again sends nothing more")
    @ApiResponse(responseCode = "400", description = "not an e-mail address")
    @ApiResponse(responseCode = "404", description = "no such invoice, or one the caller may not see")
    @ApiResponse(responseCode = "409", description = "not issued yet")
    @PostMapping("/api/v1/payment/invoices/{id}/email")
    ResponseEntity<Void> email(
            @AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody EmailBody body) {
        seen(actor, id);
        invoices.send(
                id,
                body.email(),
                ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
        return ResponseEntity.accepted().build();
    }

    @Operation(
            summary = "Correct an issued invoice's buyer (红冲 + new blue): staff with billing rights, with a reason",
            description = "A red invoice for the whole blue one goes to the tax platform (a company buyer confirms it"
                    + " there first); once it is issued the blue one is REVERSED and a new blue one to the new buyer is"
                    + " sent (until then WAITING). The reason is printed on the red invoice and written to the audit"
                    + " log. Answers the new blue invoice.")
    @ApiResponse(responseCode = "201", description = "the new blue invoice, WAITING for the red one")
    @ApiResponse(responseCode = "400", description = "no meaningful reason, or a bad buyer")
    @ApiResponse(responseCode = "403", description = "no billing rights")
    @ApiResponse(responseCode = "404", description = "no such invoice in the caller's branches")
    @ApiResponse(responseCode = "409", description = "not an issued blue invoice, or already being corrected")
    @PostMapping("/api/v1/payment/invoices/{id}/reissue")
    ResponseEntity<InvoiceOut> reissue(
            @AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody ReissueBody body) {
        actor.require(Permission.BILLING);
        InvoiceView v = invoices.reissue(
                id,
                new BuyerIn(body.buyerType(), body.buyerName(), body.buyerTaxId(), body.email()),
                body.reason(),
                actor);
        return ResponseEntity.status(HttpStatus.CREATED).body(InvoiceOut.of(v));
    }

    @Operation(
            summary = "Send a red invoice the tax platform refused again (重新红冲): staff with billing rights",
            description =
                    "A blue invoice that must be cancelled (its bill reversed, its payment reversed, a correction)"
                            + " stays issued while its red invoice is refused; the worker sends a refused red invoice again by"
                            + " itself a few times, after a back-off, then it waits here. A new red invoice for the same blue"
                            + " one, with the same reason, goes to the platform under a new serial number; audited. When a red"
                            + " invoice for that blue one is on its way already, that one is answered (200): asking twice"
                            + " sends one.")
    @ApiResponse(responseCode = "201", description = "the new red invoice, REQUESTED")
    @ApiResponse(responseCode = "200", description = "a red invoice for the same blue one is on its way: that one")
    @ApiResponse(responseCode = "400", description = "an id that is not a number")
    @ApiResponse(responseCode = "403", description = "no billing rights")
    @ApiResponse(responseCode = "404", description = "no such invoice in the caller's branches")
    @ApiResponse(
            responseCode = "409",
            description = "not a refused red invoice, its blue one is no longer issued, or it was sent again already")
    @ApiResponse(responseCode = "503", description = "no tax platform is configured")
    @PostMapping("/api/v1/payment/invoices/{id}/resend")
    ResponseEntity<InvoiceOut> resend(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        actor.require(Permission.BILLING);
        IssuingInvoices.Requested r = invoices.resend(id, actor);
        return ResponseEntity.status(r.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(InvoiceOut.of(r.invoice()));
    }

    @Operation(summary = "An invoice's PDF by the link its e-mail carried (no sign-in: the link is the key)")
    @ApiResponse(
            responseCode = "200",
            description = "the PDF",
            content = @Content(mediaType = MediaType.APPLICATION_PDF_VALUE))
    @ApiResponse(responseCode = "400", description = "a token with characters a URL may not carry")
    @ApiResponse(responseCode = "404", description = "no invoice answers to this link: altered or mistyped")
    @GetMapping(
            value = IssuingInvoices.PUBLIC_PATH + "{token}.pdf",
            produces = {MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<byte[]> publicPdf(@PathVariable String token) {
        byte[] pdf = invoices.pdfByToken(token).orElseThrow(() -> Problem.notFound("invoice"));
        return pdfAnswer(pdf, null);
    }

    private static ResponseEntity<byte[]> pdfAnswer(byte[] pdf, String number) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline()
                                .filename("invoice" + (number == null ? "" : "-" + number) + ".pdf")
                                .build()
                                .toString())
                .cacheControl(CacheControl.noStore().cachePrivate())
                .body(pdf);
    }

    private InvoiceView seen(Actor actor, long id) {
        InvoiceView v = invoices.find(id).orElseThrow(() -> Problem.notFound("invoice"));
        if (actor.isCustomer()) {
            if (customers.portalAccounts(actor.userId()).stream().noneMatch(a -> a.id() == v.accountId()))
                throw Problem.notFound("invoice");
            return v;
        }
        staffMayRead(actor);
        if (!actor.sees(new BranchId(v.branchId()))) throw Problem.notFound("invoice");
        return v;
    }

    private static void staffMayRead(Actor actor) {
        if (!actor.has(Permission.BILLING) && !actor.has(Permission.CUSTOMER_READ))
            actor.require(Permission.PAYMENT_COLLECT);
    }

    private void visible(Actor actor, long accountId) {
        if (actor.isCustomer()) {
            if (customers.portalAccounts(actor.userId()).stream().noneMatch(a -> a.id() == accountId))
                throw Problem.notFound("supply-account");
            return;
        }
        staffMayRead(actor);
        customers
                .account(accountId)
                .filter(a -> actor.sees(a.branchId()))
                .orElseThrow(() -> Problem.notFound("supply-account"));
    }
}
