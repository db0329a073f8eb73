package io.gridhall.billing.web;

import io.gridhall.billing.BillId;
import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import io.gridhall.billing.TierProgress;
import io.gridhall.billing.TouComparison;
import io.gridhall.billing.internal.document.PrintingBills;
import io.gridhall.customer.Customers;
import io.gridhall.customer.SupplyAccountView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Permission;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The customer's bills (PAY-4): issued bills of the accounts the signed-in customer may see (bound, or a subsidiary
 * of a bound group account), one bill with its explained lines, its PDF, tier progress and the time-of-use
 * comparison. A bill that was not issued, or belongs to another account, answers 404 like one that does not exist.
 */
@Tag(name = "Portal: bills")
@RestController
@RequestMapping("/api/v1/billing")
@ApiResponse(responseCode = "401", description = "Not signed in")
class PortalBillsApi {

    private final Billing billing;
    private final Customers customers;
    private final PrintingBills printing;
    private final Clock clock;

    PortalBillsApi(Billing billing, Customers customers, PrintingBills printing, Clock clock) {
        this.billing = billing;
        this.customers = customers;
        this.printing = printing;
        this.clock = clock;
    }

    @Operation(summary = "Issued bills of one of the caller's accounts, newest period first, without lines")
    @ApiResponse(responseCode = "200", description = "the bills (reversals and rebills included)")
    @ApiResponse(responseCode = "400", description = "limit outside 1..60")
    @ApiResponse(responseCode = "403", description = "not a portal customer")
    @ApiResponse(responseCode = "404", description = "not an account of the caller")
    @GetMapping("/accounts/{accountId}/bills")
    List<PortalBill> bills(
            @AuthenticationPrincipal Actor actor,
            @PathVariable long accountId,
            @RequestParam(defaultValue = "24") int limit) {
        account(actor, accountId);
        if (limit < 1 || limit > 60) throw Problem.badRequest("bad-limit", 1, 60);
        List<BillView> bills = billing.issuedBills(accountId, limit).stream()
                .filter(PortalBillsApi::issued)
                .toList();
        Map<Long, String> numbers = bills.stream()
                .filter(b -> b.billNumber() != null)
                .collect(Collectors.toMap(b -> b.id().value(), BillView::billNumber, (a, b) -> a));
        return bills.stream()
                .map(b -> PortalBill.of(b, corrects(b, numbers), false))
                .toList();
    }

    @Operation(summary = "One issued bill of the caller's with its lines and their explanations")
    @ApiResponse(responseCode = "200", description = "the bill")
    @ApiResponse(responseCode = "404", description = "no such issued bill of the caller's accounts")
    @ApiResponse(responseCode = "400", description = "an id that is not a number")
    @GetMapping("/bills/{billId}")
    PortalBill bill(@AuthenticationPrincipal Actor actor, @PathVariable long billId) {
        BillView bill = visibleBill(actor, billId);
        return PortalBill.of(bill, corrects(bill, Map.of()), true);
    }

    @Operation(
            summary = "One issued bill as PDF, with a QR code anyone can scan to verify it",
            description = "Customers get their own accounts' bills; staff with BILLING the bills of their branches.")
    @ApiResponse(
            responseCode = "200",
            description = "the PDF",
            content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/pdf"))
    @ApiResponse(responseCode = "404", description = "no such issued bill the caller may see")
    @ApiResponse(responseCode = "400", description = "an id that is not a number")
    @GetMapping(
            value = "/bills/{billId}/pdf",
            produces = {MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<byte[]> pdf(@AuthenticationPrincipal Actor actor, @PathVariable long billId) {
        BillView bill = visibleBill(actor, billId);
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        byte[] pdf = printing.pdf(bill, base);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .cacheControl(CacheControl.noStore().cachePrivate())
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("bill-" + bill.billNumber() + ".pdf")
                                .build()
                                .toString())
                .body(pdf);
    }

    @Operation(summary = "The account's tier cycle: kWh used, the tier limits, kWh until the next tier")
    @ApiResponse(responseCode = "200", description = "the progress")
    @ApiResponse(responseCode = "404", description = "not an account of the caller, or its tariff has no tiers")
    @ApiResponse(responseCode = "400", description = "an id that is not a number")
    @GetMapping("/accounts/{accountId}/tier-progress")
    TierProgress tierProgress(@AuthenticationPrincipal Actor actor, @PathVariable long accountId) {
        account(actor, accountId);
        return billing.tierProgress(accountId, LocalDate.now(clock))
                .orElseThrow(() -> Problem.notFound("tier-progress"));
    }

    @Operation(summary = "The last 12 months quoted on the account's tariff and on time-of-use pricing")
    @ApiResponse(responseCode = "200", description = "the comparison")
    @ApiResponse(responseCode = "404", description = "not an account of the caller, or nothing to compare")
    @ApiResponse(responseCode = "400", description = "an id that is not a number")
    @GetMapping("/accounts/{accountId}/tou-comparison")
    TouComparison touComparison(@AuthenticationPrincipal Actor actor, @PathVariable long accountId) {
        account(actor, accountId);
        return billing.touComparison(accountId, YearMonth.now(clock).minusMonths(1))
                .orElseThrow(() -> Problem.notFound("tou-comparison"));
    }

    private SupplyAccountView account(Actor actor, long accountId) {
        if (!actor.isCustomer()) throw Problem.forbidden("portal-customers-only");
        return customers.portalAccounts(actor.userId()).stream()
                .filter(a -> a.id() == accountId)
                .findFirst()
                .orElseThrow(() -> Problem.notFound("supply-account"));
    }

    /** An issued bill of one of the customer's accounts, or of a branch the member of staff bills. */
    private BillView visibleBill(Actor actor, long billId) {
        Optional<BillView> found = billing.bill(new BillId(billId)).filter(PortalBillsApi::issued);
        if (actor.isStaff()) {
            actor.require(Permission.BILLING);
            return found.filter(b -> actor.sees(b.branchId())).orElseThrow(() -> Problem.notFound("bill"));
        }
        if (!actor.isCustomer()) throw Problem.forbidden("portal-customers-only");
        return found.filter(b ->
                        customers.portalAccounts(actor.userId()).stream().anyMatch(a -> a.id() == b.supplyAccountId()))
                .orElseThrow(() -> Problem.notFound("bill"));
    }

    private static boolean issued(BillView b) {
        return (b.status() == BillStatus.ISSUED || b.status() == BillStatus.REVERSED) && b.billNumber() != null;
    }

    private String corrects(BillView b, Map<Long, String> known) {
        if (b.reverses() == null) return null;
        String number = known.get(b.reverses().value());
        if (number != null) return number;
        return billing.bill(b.reverses()).map(BillView::billNumber).orElse(null);
    }
}
