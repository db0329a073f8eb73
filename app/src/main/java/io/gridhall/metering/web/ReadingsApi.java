package io.gridhall.metering.web;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.metering.MeterReadings;
import io.gridhall.metering.ReadingDelivery;
import io.gridhall.metering.ReadingSource;
import io.gridhall.metering.StoredBatch;
import io.gridhall.metering.internal.ReadingBatches;
import io.gridhall.metering.internal.ReadingIntake;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Readings from an existing collection system. A batch is all or nothing by default: one bad row
 * rejects it with every row error listed (400 problem {@code readings-rejected}). With
 * {@code mode=valid-rows} the valid rows are stored and the bad ones listed in the answer.
 */
@Tag(name = "Metering: readings intake")
@RestController
@RequestMapping("/api/v1/metering")
class ReadingsApi {

    static final int MAX_ROWS = 100_000;

    // The sizes bound what is read at all; what the values mean is checked per row by ReadingIntake, which reports
    // every bad field with its row number.
    static final int FIELD = ReadingIntake.MAX_FIELD_LENGTH;
    static final int NUMBER = ReadingIntake.MAX_NUMBER_LENGTH;

    record IntervalIn(
            @Size(max = FIELD) String address,
            @Size(max = FIELD) String channel,
            @Size(max = FIELD) String day,
            Integer firstSlot,
            @Size(max = 96) List<@Size(max = NUMBER) String> kwh,
            @Size(max = FIELD) String quality) {}

    record RegisterIn(
            @Size(max = FIELD) String address,
            @Size(max = FIELD) String day,
            @Size(max = NUMBER) String total,
            @Size(max = NUMBER) String t1,
            @Size(max = NUMBER) String t2,
            @Size(max = NUMBER) String t3,
            @Size(max = NUMBER) String t4,
            @Size(max = NUMBER) String reverse,
            @Size(max = NUMBER) String reactive1,
            @Size(max = NUMBER) String reactive2,
            @Size(max = FIELD) String meterTime) {}

    record BatchIn(
            @Size(max = MAX_ROWS) List<@Valid IntervalIn> intervals,
            @Size(max = MAX_ROWS) List<@Valid RegisterIn> registers) {}

    record BatchOut(
            UUID batchId,
            boolean replayed,
            int intervalRows,
            int registerRows,
            int conflicts,
            List<RowProblem> rejected) {}

    record BatchPage(List<ReadingBatches.Batch> items, int page, int size, long total) {}

    private final MeterReadings readings;
    private final ReadingIntake intake;
    private final ReadingBatches batches;
    private final MessageSource messages;

    ReadingsApi(MeterReadings readings, ReadingIntake intake, ReadingBatches batches, MessageSource messages) {
        this.readings = readings;
        this.intake = intake;
        this.batches = batches;
        this.messages = messages;
    }

    @Operation(
            summary = "Store a batch of interval and register readings (JSON)",
            description = "Rows are numbered from 1: intervals first, then registers. Interval values are kWh with at"
                    + " most 4 decimals from firstSlot (1 = 00:00-00:15 local time); registers kWh with 2 decimals."
                    + " Days from 2000-01-01 to tomorrow. Only meters of the caller's branches are found: an address"
                    + " of another branch is an unknown meter, exactly like one never enrolled. Values are text of at"
                    + " most 32 characters, other fields at most 64.")
    @ApiResponse(responseCode = "200", description = "stored, or replayed for a known idempotency key")
    @ApiResponse(
            responseCode = "400",
            description = "problem readings-rejected with errors [{row, field, code, message}]")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "409", description = "the idempotency key was used for other content")
    @ApiResponse(responseCode = "413", description = "the body is larger than the configured maximum")
    @PostMapping(path = "/readings", consumes = MediaType.APPLICATION_JSON_VALUE)
    BatchOut store(
            @AuthenticationPrincipal Actor actor,
            @Parameter(
                            description = "unique per delivery (within the caller's branches); a repeat returns the"
                                    + " first result")
                    @RequestHeader("Idempotency-Key")
                    @Size(min = 1, max = 100)
                    String key,
            @RequestParam(defaultValue = "all-or-nothing") String mode,
            @Valid @RequestBody BatchIn batch) {
        actor.require(Permission.BILLING);
        boolean validRows = validRowsMode(mode);
        List<ReadingIntake.IntervalRow> intervals = new ArrayList<>();
        List<ReadingIntake.RegisterRow> registers = new ArrayList<>();
        int row = 0;
        for (IntervalIn i : batch.intervals() == null ? List.<IntervalIn>of() : batch.intervals()) {
            intervals.add(new ReadingIntake.IntervalRow(
                    ++row, i.address(), i.channel(), i.day(), i.firstSlot(), i.kwh(), i.quality()));
        }
        for (RegisterIn r : batch.registers() == null ? List.<RegisterIn>of() : batch.registers()) {
            registers.add(new ReadingIntake.RegisterRow(
                    ++row,
                    r.address(),
                    r.day(),
                    r.total(),
                    r.t1(),
                    r.t2(),
                    r.t3(),
                    r.t4(),
                    r.reverse(),
                    r.reactive1(),
                    r.reactive2(),
                    r.meterTime()));
        }
        return storeParsed(
                actor,
                key,
                ReadingSource.API,
                null,
                intake.parse(intervals, registers, actor.branchScope()),
                validRows);
    }

    @Operation(
            summary = "Import a CSV file of interval or register readings",
            description =
                    "kind=intervals: header address,channel,day,slot,kwh[,quality], one line per slot;"
                            + " kind=registers: header address,day,total[,t1,t2,t3,t4,reverse,reactive1,reactive2,meterTime]."
                            + " UTF-8, comma separated; rows are line numbers (header = 1). Without an Idempotency-Key header"
                            + " the file's SHA-256 is the key, so importing the same file twice stores it once. Keys are per"
                            + " branch scope: another branch's use of a key is never seen. Only meters of the caller's branches are found: others are unknown meters.")
    @ApiResponse(responseCode = "200", description = "stored, or replayed")
    @ApiResponse(
            responseCode = "400",
            description = "problem readings-rejected with errors [{row, field, code, message}]")
    @ApiResponse(responseCode = "403", description = "needs permission BILLING")
    @ApiResponse(responseCode = "409", description = "the idempotency key was used for other content")
    @PostMapping(path = "/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    BatchOut importFile(
            @AuthenticationPrincipal Actor actor,
            @RequestPart("file") MultipartFile file,
            @RequestParam(defaultValue = "intervals") String kind,
            @RequestParam(defaultValue = "all-or-nothing") String mode,
            @RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 100) String key) {
        actor.require(Permission.BILLING);
        boolean validRows = validRowsMode(mode);
        if (!kind.equals("intervals") && !kind.equals("registers"))
            throw Problem.badRequest("bad-import-kind", RowProblem.truncated(kind));
        List<Long> scope = actor.branchScope();
        HashedUpload<ReadingIntake.Parsed> upload =
                HashedUpload.read(file, in -> intake.parseCsv(in, kind.equals("intervals"), scope));
        String idempotencyKey =
                key != null && !key.isBlank() ? key : "file:" + kind + ":" + mode + ":" + upload.sha256();
        return storeParsed(
                actor,
                idempotencyKey,
                ReadingSource.FILE_IMPORT,
                file.getOriginalFilename(),
                upload.parsed(),
                validRows);
    }

    /**
     * The key a delivery is stored under: the caller's own for one who sees every branch; for one limited to some, the
     * SHA-256 of their sorted branch ids and the key, so that keys are per branch scope. The same file read in another
     * branch holds other meters' rows: another delivery, not a reuse of the key; and no answer tells whether another
     * branch used a key.
     */
    static String deliveryKey(List<Long> scope, String key) {
        if (scope == null) return key;
        try {
            byte[] text = (scope + ":" + key).getBytes(StandardCharsets.UTF_8);
            return "branches:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean validRowsMode(String mode) {
        return switch (mode) {
            case "all-or-nothing" -> false;
            case "valid-rows" -> true;
            default -> throw Problem.badRequest("bad-import-mode", RowProblem.truncated(mode));
        };
    }

    @Operation(
            summary = "List deliveries of readings, newest first (the import history)",
            description = "Each delivery once (a replay adds none): when, source, rows stored, meters, days covered,"
                    + " conflicts, rows left out and, for API and file deliveries, who sent it. Only deliveries with"
                    + " readings of meters in the caller's branches.")
    @ApiResponse(responseCode = "200", description = "one page of deliveries")
    @ApiResponse(responseCode = "400", description = "unknown source or bad paging parameters (problem)")
    @ApiResponse(responseCode = "403", description = "needs permission METER_READ or BILLING")
    @GetMapping("/batches")
    BatchPage batches(
            @AuthenticationPrincipal Actor actor,
            @Parameter(description = "HEAD_END, API, FILE_IMPORT, DEMO or ESTIMATOR; all when left out")
                    @RequestParam(required = false)
                    String source,
            @Parameter(description = "page number from 0") @RequestParam(defaultValue = "0") @Min(0) @Max(100_000)
                    int page,
            @Parameter(description = "page size, 1-100") @RequestParam(defaultValue = "20") @Min(1) @Max(100)
                    int size) {
        if (!actor.has(Permission.METER_READ) && !actor.has(Permission.BILLING)) {
            throw Problem.forbidden("permission-required", Permission.METER_READ.name());
        }
        ReadingSource from = null;
        if (source != null && !source.isBlank()) {
            try {
                from = ReadingSource.valueOf(source.strip());
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest("bad-batch-source", RowProblem.truncated(source));
            }
        }
        ReadingBatches.Page result = batches.page(from, actor.branchScope(), page, size);
        return new BatchPage(result.items(), page, size, result.total());
    }

    private BatchOut storeParsed(
            Actor actor,
            String key,
            ReadingSource source,
            String fileName,
            ReadingIntake.Parsed parsed,
            boolean validRows) {
        List<RowProblem> problems = RowProblem.localise(parsed.errors(), messages);
        if (!problems.isEmpty() && !validRows) {
            throw RowProblem.rejected("readings-rejected", parsed.badRows().size(), parsed.rows(), problems);
        }
        if (parsed.intervals().isEmpty() && parsed.registers().isEmpty() && problems.isEmpty()) {
            throw Problem.badRequest("readings-empty");
        }
        StoredBatch stored;
        try {
            stored = readings.store(
                    new ReadingDelivery(
                            deliveryKey(actor.branchScope(), key), source, parsed.intervals(), parsed.registers()),
                    actor,
                    fileName,
                    parsed.badRows().size());
        } catch (Problem p) {
            // the key as the caller sent it, not as it is stored
            if (p.code().equals("idempotency-key-reused")) throw Problem.conflict("idempotency-key-reused", key);
            throw p;
        }
        return new BatchOut(
                stored.batchId(),
                stored.replayed(),
                stored.intervalRows(),
                stored.registerRows(),
                stored.conflicts(),
                problems);
    }
}
