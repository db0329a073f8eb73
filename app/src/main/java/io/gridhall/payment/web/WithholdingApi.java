package io.gridhall.payment.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.payment.internal.WithholdingFromBanks;
import io.gridhall.shared.IdempotentRequests;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@Tag(name = "Payment: bank withholding (代扣)")
@RestController
@RequestMapping("/api/v1/payment/withholding")
class WithholdingApi {

    record BankOut(String code, String nameZh, String nameEn) {}

    record AgreementIn(
            @NotBlank @Pattern(regexp = "[0-9]{3}") String bankCode,
            @NotBlank String holderName,
            @NotBlank String bankAccount,
            @NotNull LocalDate signedOn) {}

    record CancelIn(String reason) {}

    record AgreementOut(
            long agreementId,
            long accountId,
            String bankCode,
            String holderName,
            String bankAccount,
            LocalDate signedOn,
            WithholdingFromBanks.AgreementState state,
            String createdBy,
            Instant createdAt,
            String cancelledBy,
            Instant cancelledAt,
            String cancelReason) {}

    record BatchIn(
            @NotBlank @Pattern(regexp = "[0-9]{3}") String bankCode,

            @NotBlank @Pattern(regexp = "[0-9]{4}-(0[1-9]|1[0-2])")
            String month,

            Long branchId) {}

    record BatchOut(
            long batchId,
            String batchNumber,
            long branchId,
            String bankCode,
            String month,
            WithholdingFromBanks.BatchState state,
            int rows,
            BigDecimal total,
            String createdBy,
            Instant createdAt,
            Instant returnedAt,
            Integer succeeded,
            BigDecimal succeededTotal,
            Integer failed,
            BigDecimal failedTotal) {}

    record RowOut(
            int seq,
            long accountId,
            String accountNumber,
            String holderName,
            String bankAccount,
            BigDecimal amount,
            String resultCode,
            WithholdingFromBanks.Result result,
            Long postingId) {}

    record BatchDetailOut(BatchOut batch, List<RowOut> rows) {}

    private final WithholdingFromBanks withholding;
    private final IdempotentRequests idempotent;

    WithholdingApi(WithholdingFromBanks withholding, IdempotentRequests idempotent) {
        this.withholding = withholding;
        this.idempotent = idempotent;
    }

    @Operation(summary = "The utility's partner banks that withhold (代扣): staff, and customers for their agreements")
    @GetMapping("/banks")
    List<BankOut> banks(@AuthenticationPrincipal Actor actor) {
        if (!actor.isCustomer() && !actor.has(Permission.PAYMENT_APPROVE)) actor.require(Permission.PAYMENT_COLLECT);
        return withholding.banks().stream()
                .map(b -> new BankOut(b.code(), b.nameZh(), b.nameEn()))
                .toList();
    }

    @Operation(
            summary = "A supply account's withholding agreements (代扣协议), newest first, masked",
            description = "PAYMENT_COLLECT, staff of the account's branch (another branch's account is 404).")
    @GetMapping("/accounts/{accountId}/agreements")
    List<AgreementOut> agreements(@AuthenticationPrincipal Actor actor, @PathVariable long accountId) {
        return withholding.agreements(actor, accountId).stream()
                .map(WithholdingApi::out)
                .toList();
    }

    @Operation(
            summary = "Record a customer's withholding agreement for a supply account",
            description = "PAYMENT_COLLECT, staff of the account's branch. The bank account number (8 to 32 digits) and"
                    + " the holder's name are sealed at rest and masked in every answer. One active agreement per"
                    + " account (409 withholding-agreement-active). Audited.")
    @ApiResponse(responseCode = "201", description = "the agreement, masked")
    @ApiResponse(responseCode = "400", description = "a bad bank, account number, name or date")
    @ApiResponse(responseCode = "409", description = "the account has an active agreement")
    @PostMapping("/accounts/{accountId}/agreements")
    ResponseEntity<AgreementOut> sign(
            @AuthenticationPrincipal Actor actor, @PathVariable long accountId, @Valid @RequestBody AgreementIn in) {
        var a = withholding.sign(actor, accountId, in.bankCode(), in.holderName(), in.bankAccount(), in.signedOn());
        return ResponseEntity.status(HttpStatus.CREATED).body(out(a));
    }

    @Operation(
            summary = "Cancel a withholding agreement, with a reason",
            description = "PAYMENT_COLLECT, staff of the account's branch. Later files leave the account out; a file"
                    + " already at the bank is not recalled. Audited.")
    @ApiResponse(responseCode = "409", description = "cancelled already")
    @PostMapping("/agreements/{agreementId}/cancellation")
    AgreementOut cancel(
            @AuthenticationPrincipal Actor actor, @PathVariable long agreementId, @RequestBody CancelIn in) {
        return out(withholding.cancel(actor, agreementId, in.reason()));
    }

    @Operation(
            summary = "The portal customer's own withholding agreements (代扣协议), newest first, masked",
            description = "A customer only (403 portal-customers-only): the agreements of the accounts bound to them.")
    @GetMapping("/mine")
    List<AgreementOut> mine(@AuthenticationPrincipal Actor actor) {
        return withholding.ownAgreements(actor).stream()
                .map(WithholdingApi::out)
                .toList();
    }

    @Operation(
            summary = "The portal customer cancels one of their own withholding agreements",
            description = "A customer only; another customer's agreement is 404. Recorded at once as cancelled at the"
                    + " customer's request: the next files leave the account out (a file already at the bank is not"
                    + " recalled). The reason is optional. Audited.")
    @ApiResponse(responseCode = "404", description = "not an agreement of the customer's accounts")
    @ApiResponse(responseCode = "409", description = "cancelled already")
    @PostMapping("/mine/{agreementId}/cancellation")
    AgreementOut cancelMine(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long agreementId,
            @RequestBody(required = false) CancelIn in) {
        return out(withholding.cancelOwn(actor, agreementId, in == null ? null : in.reason()));
    }

    @Operation(
            summary = "The withholding batches of the caller's branches, newest month first",
            description = "PAYMENT_COLLECT or PAYMENT_APPROVE.")
    @GetMapping("/batches")
    List<BatchOut> batches(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 500) throw Problem.badRequest("bad-limit", 1, 500);
        return withholding.batches(actor, limit).stream()
                .map(WithholdingApi::out)
                .toList();
    }

    @Operation(
            summary = "Generate the withholding file of a bank for a branch and month",
            description = "PAYMENT_APPROVE. Every account of the branch with an active agreement at the bank that owes"
                    + " money on the ledger, and is in no file still out at a bank, becomes a row for what it owes."
                    + " Made once per branch, bank and month: asking again answers the batch made first. The format:"
                    + " docs/formats/withholding-file.md. Audited.")
    @ApiResponse(responseCode = "201", description = "the batch")
    @ApiResponse(responseCode = "409", description = "nothing to collect")
    @PostMapping("/batches")
    ResponseEntity<BatchOut> generate(@AuthenticationPrincipal Actor actor, @Valid @RequestBody BatchIn in) {
        var b = withholding.generate(actor, in.branchId(), in.bankCode(), YearMonth.parse(in.month()));
        return ResponseEntity.status(HttpStatus.CREATED).body(out(b));
    }

    @Operation(
            summary = "A withholding batch with its rows and the bank's answer per row, masked",
            description = "PAYMENT_COLLECT or PAYMENT_APPROVE, staff of the batch's branch.")
    @GetMapping("/batches/{batchId}")
    BatchDetailOut batch(@AuthenticationPrincipal Actor actor, @PathVariable long batchId) {
        var b = withholding.batch(actor, batchId);
        return new BatchDetailOut(
                out(b),
                withholding.rows(actor, batchId).stream()
                        .map(r -> new RowOut(
                                r.seq(),
                                r.supplyAccountId(),
                                r.accountNumber(),
                                r.holderName(),
                                r.bankAccount(),
                                r.amount().toYuan(),
                                r.resultCode(),
                                r.result(),
                                r.postingId()))
                        .toList());
    }

    @Operation(
            summary = "Download the file as sent to the bank (GBK, fixed width)",
            description = "PAYMENT_APPROVE. Holds holder names and bank account numbers in clear, for the bank."
                    + " Audited.")
    @GetMapping(value = "/batches/{batchId}/file", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<byte[]> file(@AuthenticationPrincipal Actor actor, @PathVariable long batchId) {
        byte[] bytes = withholding.file(actor, batchId);
        String name = withholding.batch(actor, batchId).batchNumber() + ".txt";
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(bytes);
    }

    @Operation(
            summary = "Process the bank's return file (回盘文件) of a batch",
            description =
                    "PAYMENT_APPROVE; Idempotency-Key header; the file as the multipart part file. Refused whole, with"
                            + " the line and field named, when it cannot be read or does not match the batch (number, bank,"
                            + " month, count, total, any row as sent). Each successful row is paid through the ledger on the"
                            + " BANK book once (key withholding:<batch>:<row>); the customers of failed rows are told. The same"
                            + " file again answers the first processing; another file for a returned batch is 409. Audited.")
    @ApiResponse(responseCode = "200", description = "the returned batch")
    @ApiResponse(responseCode = "400", description = "a malformed file, or totals that differ")
    @ApiResponse(responseCode = "409", description = "another return file was processed for the batch")
    @PostMapping(value = "/batches/{batchId}/return", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> processReturn(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long batchId,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key,
            @RequestPart("file") MultipartFile upload)
            throws IOException {
        byte[] file = upload.getBytes();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("batchId", batchId);
        request.put("sha256", HexFormat.of().formatHex(sha256(file)));
        return idempotent.once(
                IdempotentRequests.staffScope(actor.branchScope()),
                key,
                "POST /api/v1/payment/withholding/batches/{batchId}/return",
                request,
                () -> ResponseEntity.ok(
                        out(withholding.processReturn(actor, batchId, file).batch())));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AgreementOut out(WithholdingFromBanks.Agreement a) {
        return new AgreementOut(
                a.agreementId(),
                a.supplyAccountId(),
                a.bankCode(),
                a.holderName(),
                a.bankAccount(),
                a.signedOn(),
                a.state(),
                a.createdBy(),
                a.createdAt(),
                a.cancelledBy(),
                a.cancelledAt(),
                a.cancelReason());
    }

    private static BatchOut out(WithholdingFromBanks.Batch b) {
        return new BatchOut(
                b.batchId(),
                b.batchNumber(),
                b.branchId(),
                b.bankCode(),
                b.month().toString(),
                b.state(),
                b.rows(),
                b.total().toYuan(),
                b.createdBy(),
                b.createdAt(),
                b.returnedAt(),
                b.succeeded(),
                b.succeededTotal() == null ? null : b.succeededTotal().toYuan(),
                b.failed(),
                b.failedTotal() == null ? null : b.failedTotal().toYuan());
    }
}
