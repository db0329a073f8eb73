package io.gridhall.payment.web;

import io.gridhall.identity.Actor;
import io.gridhall.payment.internal.SimulatedBank;
import io.gridhall.payment.internal.WithholdingFromBanks;
import io.gridhall.shared.Problem;
import io.gridhall.shared.Simulated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated partner bank (demo and tests only, {@link Simulated}; in production the path does not exist): it takes
 * a batch's file as sent and answers the bank's return file, which the console then uploads like a real one.
 */
@RestController
@Simulated
@Tag(name = "Simulated bank", description = "Demo and test only: a partner bank that answers withholding files")
class SimulatedBankApi {

    private final WithholdingFromBanks withholding;
    private final SimulatedBank bank;

    SimulatedBankApi(WithholdingFromBanks withholding, SimulatedBank bank) {
        this.withholding = withholding;
        this.bank = bank;
    }

    @Operation(
            summary = "The simulated bank's return file for a batch, as a download (demo only)",
            description = "PAYMENT_APPROVE, staff of the batch's branch. Deterministic from the seed.")
    @GetMapping("/api/v1/dev/withholding-bank/batches/{batchId}/return-file")
    ResponseEntity<byte[]> answer(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long batchId,
            @RequestParam(defaultValue = "2026") long seed) {
        if (actor == null) throw Problem.notFound("withholding-batch");
        byte[] file = withholding.file(actor, batchId);
        String name = withholding.batch(actor, batchId).batchNumber() + "-return.txt";
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(bank.answer(file, seed));
    }
}
