package io.gridhall.billing.web;

import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.billing.BillStatus;
import io.gridhall.billing.BillView;
import io.gridhall.billing.Billing;
import io.gridhall.billing.Bills;
import io.gridhall.customer.ContactRole;
import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import io.gridhall.customer.Customers;
import io.gridhall.customer.IdNumbers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.Topologies;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.testing.Actors;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The portal's bill endpoints and the public verification, on real accounts and bindings; the bills come from a
 * mocked facade (the runs that make them are tested on their own).
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class PortalBillsApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Grid grid;

    @MockitoBean
    Billing billing;

    Actor me;
    long account;
    String accountNumber;
    BranchId branch;
    long otherAccount;
    BillView bill;
    BillView othersBill;
    long nextBillId;

    @BeforeEach
    void accountsAndBills() {
        long[] ids = customers.allocateAccountIds(5);
        Topologies.Small t = Topologies.small(grid, ids);
        branch = t.branch();
        long[] customerIds = customers.allocateCustomerIds(2);
        accountNumber = "7" + (100_000_000 + ThreadLocalRandom.current().nextInt(899_999_999));
        customers.importRows(new Customers.ImportBatch(
                List.of(
                        new Customers.CustomerRow(
                                customerIds[0],
                                branch,
                                CustomerClass.RESIDENTIAL,
                                CustomerKind.PERSON,
                                "张三丰",
                                idNumber(),
                                null),
                        new Customers.CustomerRow(
                                customerIds[1],
                                branch,
                                CustomerClass.RESIDENTIAL,
                                CustomerKind.PERSON,
                                "李四",
                                idNumber(),
                                null)),
                List.of(
                        new Customers.AccountRow(
                                ids[0],
                                accountNumber,
                                customerIds[0],
                                "张三丰",
                                "浙江省杭州市西湖区文三路123号5幢201室",
                                branch,
                                "RESIDENTIAL_TIERED",
                                LocalDate.of(2020, 1, 1)),
                        new Customers.AccountRow(
                                ids[1],
                                "8" + accountNumber.substring(1),
                                customerIds[1],
                                "李四",
                                "浙江省杭州市西湖区文二路1号",
                                branch,
                                "RESIDENTIAL_TIERED",
                                LocalDate.of(2020, 1, 1))),
                List.of(new Customers.ContactRow(
                        customerIds[0],
                        ContactRole.OWNER,
                        "张三丰",
                        "139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999)),
                        null)),
                List.of()));
        account = ids[0];
        otherAccount = ids[1];
        me = Actors.customer();
        customers.bind(me.userId(), account);
        nextBillId = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
        bill = Bills.aResidentialTouBill(nextBillId, account, accountNumber, branch);
        othersBill = Bills.aResidentialTouBill(nextBillId + 1, otherAccount, "8" + accountNumber.substring(1), branch);
        when(billing.bill(bill.id())).thenReturn(Optional.of(bill));
        when(billing.bill(othersBill.id())).thenReturn(Optional.of(othersBill));
        when(billing.issuedBills(eq(account), anyInt())).thenReturn(List.of(bill));
        when(billing.issuedBills(eq(otherAccount), anyInt())).thenReturn(List.of(othersBill));
    }

    @Test
    void listsTheIssuedBillsOfABoundAccountWithoutLines() throws Exception {
        mvc.perform(get("/api/v1/billing/accounts/{id}/bills", account).with(as(me)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].billNumber").value(bill.billNumber()))
                .andExpect(jsonPath("$[0].total").value(138.80))
                .andExpect(jsonPath("$[0].energyKwh").value(300))
                .andExpect(jsonPath("$[0].dueOn").value("2026-12-25"))
                .andExpect(jsonPath("$[0].lines").isEmpty())
                .andExpect(jsonPath("$[0].auditFindings").doesNotExist());
    }

    @Test
    void showsOneBillWithEachLineExplained() throws Exception {
        mvc.perform(get("/api/v1/billing/bills/{id}", bill.id().value()).with(as(me)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.lines.length()").value(3))
                .andExpect(jsonPath("$.lines[0].code").value("TOU_PEAK"))
                .andExpect(jsonPath("$.lines[0].amount").value(102.24))
                .andExpect(jsonPath("$.lines[0].formula")
                        .value(bill.lines().getFirst().explanation().formula()))
                .andExpect(jsonPath("$.lines[1].sources[1].quality").value("ESTIMATED"))
                .andExpect(jsonPath("$.lines[2].sources[2].kind").value("FIXED"));
    }

    @Test
    void anotherCustomersAccountOrBillAnswersAsIfItDidNotExist() throws Exception {
        mvc.perform(get("/api/v1/billing/accounts/{id}/bills", otherAccount).with(as(me)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/billing/bills/{id}", othersBill.id().value()).with(as(me)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("未找到该电费账单，或您无权查看。"));
        mvc.perform(get("/api/v1/billing/bills/{id}/pdf", othersBill.id().value())
                        .with(as(me)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/billing/bills/{id}", 1).with(as(me))).andExpect(status().isNotFound());
    }

    @Test
    void aBillThatWasNotIssuedIsNotShown() throws Exception {
        for (BillStatus status :
                List.of(BillStatus.PENDING_AUDIT, BillStatus.HELD, BillStatus.AUDIT_PASSED, BillStatus.SUPERSEDED)) {
            BillView held = Bills.withStatus(bill, status);
            when(billing.bill(bill.id())).thenReturn(Optional.of(held));
            when(billing.issuedBills(eq(account), anyInt())).thenReturn(List.of(held));
            mvc.perform(get("/api/v1/billing/bills/{id}", bill.id().value()).with(as(me)))
                    .andExpect(status().isNotFound());
            mvc.perform(get("/api/v1/billing/bills/{id}/pdf", bill.id().value()).with(as(me)))
                    .andExpect(status().isNotFound());
            mvc.perform(get("/api/v1/billing/accounts/{id}/bills", account).with(as(me)))
                    .andExpect(jsonPath("$").isEmpty());
        }
    }

    @Test
    void staffAndStrangersGetNoCustomerLists() throws Exception {
        mvc.perform(get("/api/v1/billing/accounts/{id}/bills", account)
                        .with(as(Actors.staff(branch, Role.BILLING_CLERK))))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/billing/accounts/{id}/bills", account)).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/billing/accounts/{id}/bills", account)
                        .param("limit", "0")
                        .with(as(me)))
                .andExpect(status().isBadRequest());
    }

    @Test
    void thePdfCarriesTheBillAndAQrCodeThatVerifiesItWithoutSigningIn() throws Exception {
        byte[] pdf = mvc.perform(
                        get("/api/v1/billing/bills/{id}/pdf", bill.id().value()).with(as(me)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/pdf"))
                .andExpect(header().string(
                                "Content-Disposition", "attachment; filename=\"bill-" + bill.billNumber() + ".pdf\""))
                .andExpect(header().string("Cache-Control", org.hamcrest.Matchers.containsString("no-store")))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        String text;
        try (var doc = Loader.loadPDF(pdf)) {
            text = new PDFTextStripper().getText(doc);
        }
        assertThat(text).contains(bill.billNumber(), accountNumber, "张**", "人民币壹佰叁拾捌元捌角整");
        String url = text.lines()
                .filter(l -> l.contains("/api/v1/billing/verify/"))
                .findFirst()
                .orElseThrow()
                .strip();
        String path = url.substring(url.indexOf("/api/v1/billing/verify/"));

        mvc.perform(get(path))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.genuine").value(true))
                .andExpect(jsonPath("$.billNumber").value(bill.billNumber()))
                .andExpect(jsonPath("$.accountNumber")
                        .value(accountNumber.substring(0, 4) + "****" + accountNumber.substring(8)))
                .andExpect(jsonPath("$.total").value(138.80))
                .andExpect(jsonPath("$.periodFrom").value("2026-11-01"))
                .andExpect(jsonPath("$.issuedOn").value("2026-12-03"));
    }

    @Test
    void aForgedOrAlteredCodeIsRefused() throws Exception {
        String token = token(bill);
        String mac = token.substring(token.indexOf('.') + 1);
        // another bill's id with this bill's mac
        mvc.perform(get("/api/v1/billing/verify/{t}", othersBill.id() + "." + mac))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.title").value("账单无法核验"));
        // one character of the mac changed, including the last one whose low bits base64 does not use
        for (int i : new int[] {0, 10, mac.length() - 1}) {
            char c = mac.charAt(i);
            String altered = mac.substring(0, i) + (c == 'A' ? 'B' : 'A') + mac.substring(i + 1);
            mvc.perform(get("/api/v1/billing/verify/{t}", bill.id() + "." + altered))
                    .andExpect(status().isNotFound());
        }
        // the bill's total changed after the code was printed
        BillView changed = new BillView(
                bill.id(),
                bill.supplyAccountId(),
                bill.accountNumber(),
                bill.branchId(),
                bill.type(),
                bill.status(),
                bill.billNumber(),
                bill.periodFrom(),
                bill.periodTo(),
                bill.issuedOn(),
                bill.dueOn(),
                bill.energy(),
                io.gridhall.shared.Money.yuan("13.88"),
                bill.estimated(),
                bill.tariffId(),
                bill.tariffVersion(),
                null,
                null,
                null,
                List.of(),
                bill.lines());
        when(billing.bill(bill.id())).thenReturn(Optional.of(changed));
        mvc.perform(get("/api/v1/billing/verify/{t}", token)).andExpect(status().isNotFound());
        // not a token at all
        for (String junk :
                List.of("x", "1.", "99999999999999999999.AAAAAAAAAAAAAAAAAAAAAA", "0.AAAAAAAAAAAAAAAAAAAAAA", "1.AAAA"))
            mvc.perform(get("/api/v1/billing/verify/{t}", junk)).andExpect(status().isNotFound());
    }

    @Test
    void aBillHeldBackIsNotVerifiedEither() throws Exception {
        String token = token(bill);
        when(billing.bill(bill.id())).thenReturn(Optional.of(Bills.withStatus(bill, BillStatus.HELD)));
        mvc.perform(get("/api/v1/billing/verify/{t}", token)).andExpect(status().isNotFound());
        when(billing.bill(bill.id())).thenReturn(Optional.of(Bills.withStatus(bill, BillStatus.REVERSED)));
        mvc.perform(get("/api/v1/billing/verify/{t}", token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REVERSED"));
    }

    @Autowired
    io.gridhall.billing.internal.document.BillVerification verification;

    private String token(BillView b) {
        return verification.token(b);
    }

    @Test
    void staffWithBillingPrintTheBillsOfTheirBranchOnly() throws Exception {
        mvc.perform(get("/api/v1/billing/bills/{id}/pdf", bill.id().value())
                        .with(as(Actors.staff(branch, Role.BILLING_CLERK))))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/billing/bills/{id}/pdf", bill.id().value())
                        .with(as(Actors.staff(new BranchId(branch.value() + 100_000), Role.BILLING_CLERK))))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/billing/bills/{id}/pdf", bill.id().value())
                        .with(as(Actors.staff(branch, Role.COUNTER_CLERK))))
                .andExpect(status().isForbidden());
    }

    static String idNumber() {
        String first17 = "330106" + (1950 + ThreadLocalRandom.current().nextInt(50)) + "0615"
                + (100 + ThreadLocalRandom.current().nextInt(900));
        return first17 + IdNumbers.checkCharacter(first17);
    }
}
