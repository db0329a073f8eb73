package io.gridhall.customer;

import static io.gridhall.testing.Actors.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.gridhall.customer.Households.Household;
import io.gridhall.grid.Grid;
import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.testing.Actors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class CustomerApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Grid grid;

    @MockitoSpyBean
    Audit audit;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    Household h;
    Actor clerk;
    Actor manager;
    Actor stranger;

    @BeforeEach
    void household() {
        h = Households.household(customers, grid);
        clerk = Actors.staff(h.branch(), Role.COUNTER_CLERK);
        manager = Actors.staff(h.branch(), Role.BRANCH_MANAGER);
        stranger = Actors.staff(new BranchId(h.branch().value() + 100_000), Role.BRANCH_MANAGER);
    }

    private void assertNoPersonalDataIn(String json) {
        assertThat(json).doesNotContain(h.phone(), h.idNumber(), h.name(), h.address());
    }

    @Test
    void findsByAccountNumberPhoneNameAndMeterAndMasksEverything() throws Exception {
        for (String q : new String[] {
            h.accountNumber(),
            h.accountNumber().substring(0, 7),
            h.phone(),
            "+86 " + h.phone(),
            h.name(),
            h.grid().commAddresses()[0],
            h.grid().assetNumbers()[1],
            h.address().substring(8)
        }) {
            String json = mvc.perform(get("/api/v1/customers")
                            .param("q", q)
                            .param("size", "100")
                            .with(as(clerk)))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(json).as("search for %s", q).contains("\"id\":" + h.customerId());
            assertNoPersonalDataIn(json);
        }
        mvc.perform(get("/api/v1/customers").param("q", h.accountNumber()).with(as(clerk)))
                .andExpect(jsonPath("$.items[0].phone")
                        .value(h.phone().substring(0, 3) + "****" + h.phone().substring(7)))
                .andExpect(jsonPath("$.total").value(1));
    }

    @Test
    void listsTheAccountsBelowATopologyNodeMaskedAndOnlyForItsBranch() throws Exception {
        for (String node : new String[] {"line", "area"}) {
            long id = node.equals("line") ? h.grid().line() : h.grid().area1();
            String json = mvc.perform(get("/api/v1/customers/below")
                            .param("nodeType", node)
                            .param("nodeId", String.valueOf(id))
                            .with(as(clerk)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.items[?(@.accountId == " + h.accountId() + ")].accountNumber")
                            .value(h.accountNumber()))
                    .andExpect(jsonPath("$.items[?(@.accountId == " + h.accountId() + ")].customerId")
                            .value((int) h.customerId()))
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertNoPersonalDataIn(json);
        }
        mvc.perform(get("/api/v1/customers/below")
                        .param("nodeType", "line")
                        .param("nodeId", String.valueOf(h.grid().line()))
                        .with(as(stranger)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/customers/below")
                        .param("nodeType", "planet")
                        .param("nodeId", "1")
                        .with(as(clerk)))
                .andExpect(status().isNotFound());
    }

    @Test
    void hidesCustomersOfOtherBranches() throws Exception {
        mvc.perform(get("/api/v1/customers/" + h.customerId()).with(as(stranger)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/customers").param("q", h.accountNumber()).with(as(stranger)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(0));
        mvc.perform(post("/api/v1/customers/" + h.customerId() + "/unmask")
                        .with(as(stranger))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"客户来电核实\"}"))
                .andExpect(status().isNotFound());
    }

    @Test
    void showsTheCustomer360Masked() throws Exception {
        String json = mvc.perform(get("/api/v1/customers/" + h.customerId()).with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accounts[0].accountNumber").value(h.accountNumber()))
                .andExpect(jsonPath("$.accounts[0].meters.length()").value(2))
                .andExpect(jsonPath("$.accounts[0].supplyPath.area.name").value("城东1号台区"))
                .andExpect(jsonPath("$.contacts[0].role").value("OWNER"))
                .andExpect(jsonPath("$.idNumber")
                        .value(h.idNumber().charAt(0) + "***************"
                                + h.idNumber().substring(16)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertNoPersonalDataIn(json);
    }

    @Test
    void showsGroupLinks() throws Exception {
        Households.Group g = Households.group(customers, h.branch());
        mvc.perform(get("/api/v1/customers/" + g.parentId()).with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.group.subsidiaries.length()").value(3));
    }

    @Test
    void unmasksOnlyWithPermissionAndReasonAndAuditsIt() throws Exception {
        String path = "/api/v1/customers/" + h.customerId() + "/unmask";
        mvc.perform(post(path)
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"客户来电核实\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post(path)
                        .with(as(manager))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"ab\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        verify(audit, never()).record(eq(manager), eq("customer.unmask"), any(), any(), anyMap());
        mvc.perform(post(path)
                        .with(as(manager))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"客户来电核实身份\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.idNumber").value(h.idNumber()))
                .andExpect(jsonPath("$.contacts[0].phone").value(h.phone()))
                .andExpect(jsonPath("$.accounts[0].address").value(h.address()));
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, ?>> details = ArgumentCaptor.forClass(Map.class);
        verify(audit)
                .record(eq(manager), eq("customer.unmask"), eq("customer"), eq("" + h.customerId()), details.capture());
        assertThat(details.getValue().get("reason")).isEqualTo("客户来电核实身份");
    }

    @Test
    void refusesAnUnmaskReasonThatSaysNothing() throws Exception {
        // issue 7: one letter plus spaces used to pass as a reason
        String path = "/api/v1/customers/" + h.customerId() + "/unmask";
        for (String reason : new String[] {"x    ", "a　　　", "1234", "核实", "核".repeat(201)}) {
            mvc.perform(post(path)
                            .with(as(manager))
                            .with(csrf())
                            .header("Accept-Language", "en")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"reason\":\"" + reason + "\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("reason"))
                    .andExpect(
                            jsonPath("$.errors[0].message")
                                    .value(
                                            "Give a real reason: 4 to 200 characters, at least 2 of them letters or ideographs"));
        }
        verify(audit, never()).record(eq(manager), eq("customer.unmask"), any(), any(), anyMap());
        mvc.perform(post(path)
                        .with(as(manager))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"  ID check  \"}"))
                .andExpect(status().isOk());
    }

    @Test
    void keepsNoPhoneInClearAndStillFindsTheCustomerByIt() throws Exception {
        // issue 7: contact phones were stored in clear although the README said personal data was encrypted
        String digits = h.phone();
        assertThat(jdbc.sql("""
                        select count(*) from customer.contact
                        where customer_id = ? and phone is null and phone_norm is null
                          and phone_enc is not null and phone_hash is not null""").param(h.customerId()).query(Long.class).single())
                .isEqualTo(1);
        for (String table : new String[] {"contact", "contact_change", "portal_prebinding"}) {
            assertThat(jdbc.sql("select count(*) from customer." + table + " t where t::text like ?")
                            .param("%" + digits.substring(3) + "%")
                            .query(Long.class)
                            .single())
                    .as("customer.%s holds the phone in clear", table)
                    .isZero();
        }
        mvc.perform(get("/api/v1/customers").param("q", "0086 " + digits).with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value(h.customerId()));
        mvc.perform(get("/api/v1/customers").param("q", digits.substring(0, 10)).with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(0));
    }

    private static String form(String idNumber, String customerClass, String kva, String phone, long branch) {
        return """
                {"customerClass":"%s","kind":"PERSON","name":"王小明","idNumber":"%s",%s"phone":"%s",
                 "email":"wang@example.com","branchId":%d,"address":"浙江省杭州市测试区新华路8号"}""".formatted(
                        customerClass, idNumber, kva == null ? "" : "\"contractedKva\":" + kva + ",", phone, branch);
    }

    @Test
    void rejectsInvalidFormsWithFieldErrors() throws Exception {
        String badChecksum = h.idNumber().substring(0, 17) + (h.idNumber().charAt(17) == '1' ? "2" : "1");
        mvc.perform(post("/api/v1/customers")
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(form(
                                badChecksum,
                                "LARGE_INDUSTRIAL",
                                null,
                                "12345",
                                h.branch().value())))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-input"))
                .andExpect(jsonPath("$.errors[?(@.field == 'idNumber')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'contractedKva')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'phone')]").exists());
        mvc.perform(post("/api/v1/customers")
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'name')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'branchId')]").exists());
    }

    @Test
    void createsAndEditsACustomerAuditingMaskedOldAndNewValues() throws Exception {
        String id = Households.idNumber();
        String phone = "137" + Households.digits(8);
        String json = mvc.perform(post("/api/v1/customers")
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(form(
                                id, "LARGE_INDUSTRIAL", "800", phone, h.branch().value())))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.contractedKva").value(800))
                .andExpect(jsonPath("$.accounts[0].accountNumber").isString())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(json).doesNotContain(id, phone, "王小明");
        long customerId = Long.parseLong(
                json.replaceAll("^\\{\"id\":(\\d+).*$", "$1").replaceAll("(?s)^\\{\"id\":(\\d+),.*", "$1"));
        String newPhone = "136" + Households.digits(8);
        mvc.perform(patch("/api/v1/customers/" + customerId)
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"customerClass":"COMMERCIAL","phone":"%s"}""".formatted(newPhone)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.customerClass").value("COMMERCIAL"))
                .andExpect(jsonPath("$.contractedKva").value(800));
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, ?>> details = ArgumentCaptor.forClass(Map.class);
        verify(audit).record(eq(clerk), eq("customer.update"), eq("customer"), eq("" + customerId), details.capture());
        String audited = details.getValue().toString();
        assertThat(audited)
                .contains(
                        "old.customerClass=LARGE_INDUSTRIAL",
                        "new.customerClass=COMMERCIAL",
                        newPhone.substring(0, 3) + "****")
                .doesNotContain(phone, newPhone, id);
        mvc.perform(get("/api/v1/customers").param("q", newPhone).with(as(clerk)))
                .andExpect(jsonPath("$.items[0].id").value(customerId));
        mvc.perform(patch("/api/v1/customers/" + customerId)
                        .with(as(stranger))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"email":"x@example.cn"}"""))
                .andExpect(status().isNotFound());
    }

    private long created(String idNumber, String customerClass, String kva, String phone) throws Exception {
        String json = mvc.perform(post("/api/v1/customers")
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(form(
                                idNumber, customerClass, kva, phone, h.branch().value())))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return Long.parseLong(json.replaceAll("(?s)^\\{\"id\":(\\d+),.*", "$1"));
    }

    /** Issue 8: another branch's account number showed the clerk a customer of theirs without that account. */
    @Test
    void anotherBranchsAccountNumberFindsNothingEvenForACustomerWithAnAccountHere() throws Exception {
        long elsewhere = customers.allocateAccountIds(1)[0];
        String number = "7" + Households.digits(9);
        customers.importRows(new Customers.ImportBatch(
                List.of(),
                List.of(new Customers.AccountRow(
                        elsewhere,
                        number,
                        h.customerId(),
                        h.name(),
                        "浙江省杭州市别区远方路1号",
                        new BranchId(h.branch().value() + 200_000),
                        "RESIDENTIAL_TIERED",
                        java.time.LocalDate.of(2021, 1, 1))),
                List.of(),
                List.of()));
        mvc.perform(get("/api/v1/customers").param("q", number).with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(0))
                .andExpect(jsonPath("$.items").isEmpty());
        mvc.perform(get("/api/v1/customers").param("q", h.accountNumber()).with(as(clerk)))
                .andExpect(jsonPath("$.items[0].id").value(h.customerId()))
                .andExpect(jsonPath("$.items[0].accountNumbers")
                        .value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(number))));
    }

    /** Issue 8: importing an organisation whose credit code is not known yet failed on the missing number. */
    @Test
    void anOrganisationWithoutAnIdNumberImportsAndShowsWithoutOne() throws Exception {
        long id = customers.allocateCustomerIds(1)[0];
        customers.importRows(new Customers.ImportBatch(
                List.of(new Customers.CustomerRow(
                        id, h.branch(), CustomerClass.COMMERCIAL, CustomerKind.ORGANISATION, "富春测试商行", null, null)),
                List.of(),
                List.of(),
                List.of()));
        mvc.perform(get("/api/v1/customers/" + id).with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("ORGANISATION"))
                .andExpect(jsonPath("$.idNumber").doesNotExist());
    }

    /** Issue 9: the import (the demo's path) dropped a contracted demand and a household size. */
    @Test
    void anImportKeepsTheContractedDemandAndTheHouseholdSize() throws Exception {
        long[] ids = customers.allocateCustomerIds(2);
        customers.importRows(new Customers.ImportBatch(
                List.of(
                        new Customers.CustomerRow(
                                ids[0],
                                h.branch(),
                                CustomerClass.LARGE_INDUSTRIAL,
                                CustomerKind.ORGANISATION,
                                "富春测试机械有限公司",
                                null,
                                630,
                                480,
                                null),
                        new Customers.CustomerRow(
                                ids[1],
                                h.branch(),
                                CustomerClass.RESIDENTIAL,
                                CustomerKind.PERSON,
                                "测试户",
                                Households.idNumber(),
                                null,
                                null,
                                6)),
                List.of(),
                List.of(),
                List.of()));
        mvc.perform(get("/api/v1/customers/" + ids[0]).with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.contractedKva").value(630))
                .andExpect(jsonPath("$.contractedDemandKw").value(480))
                .andExpect(jsonPath("$.householdSize").doesNotExist());
        mvc.perform(get("/api/v1/customers/" + ids[1]).with(as(clerk)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.contractedDemandKw").doesNotExist())
                .andExpect(jsonPath("$.householdSize").value(6));
    }

    /** Issue 8: a not-found problem named the object by its internal name ("未找到该supply-account"). */
    @Test
    void aNotFoundProblemNamesTheObjectInTheCallersLanguage() throws Exception {
        mvc.perform(get("/api/v1/customers/" + h.customerId()).with(as(stranger)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("未找到该客户，或您无权查看。"));
        mvc.perform(get("/api/v1/customers/" + h.customerId())
                        .with(as(stranger))
                        .header("Accept-Language", "en"))
                .andExpect(jsonPath("$.detail").value("This customer was not found, or you may not see it."));
    }

    /** Issue 8: the edit form sent the masked values and a capacity of 0 back, so every save failed. */
    @Test
    void anEditOfTheEmailAloneKeepsEverythingElseAndAuditsOnlyTheEmail() throws Exception {
        String id = Households.idNumber();
        String phone = "137" + Households.digits(8);
        long customerId = created(id, "RESIDENTIAL", null, phone);
        mvc.perform(patch("/api/v1/customers/" + customerId)
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"email":"new.mail@example.cn"}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.customerClass").value("RESIDENTIAL"))
                .andExpect(jsonPath("$.contractedKva").doesNotExist())
                .andExpect(jsonPath("$.name").value("王**"))
                .andExpect(jsonPath("$.contacts[0].email").value(org.hamcrest.Matchers.startsWith("n")));
        String full = mvc.perform(post("/api/v1/customers/" + customerId + "/unmask")
                        .with(as(manager))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"check the edit\"}"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(full).contains(phone, id, "王小明", "new.mail@example.cn");
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, ?>> details = ArgumentCaptor.forClass(Map.class);
        verify(audit).record(eq(clerk), eq("customer.update"), eq("customer"), eq("" + customerId), details.capture());
        assertThat(details.getValue().keySet()).containsExactlyInAnyOrder("old.email", "new.email");
    }

    @Test
    void anEditIsCheckedByTheRegistrationRulesOnTheFieldsItTouches() throws Exception {
        long customerId = created(Households.idNumber(), "RESIDENTIAL", null, "137" + Households.digits(8));
        mvc.perform(patch("/api/v1/customers/" + customerId)
                        .with(as(clerk))
                        .with(csrf())
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"email":"not-an-address","phone":"137****0384","customerClass":"LARGE_INDUSTRIAL"}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-input"))
                .andExpect(jsonPath("$.errors[?(@.field == 'email')].message").value("Enter a valid e-mail address"))
                .andExpect(jsonPath("$.errors[?(@.field == 'phone')].message").value("Enter a valid mobile number"))
                .andExpect(jsonPath("$.errors[?(@.field == 'contractedKva')].message")
                        .value("A large industrial customer needs its contracted capacity (kVA)"))
                .andExpect(jsonPath("$.errors[?(@.field == 'name')]").doesNotExist());
        verify(audit, never()).record(eq(clerk), eq("customer.update"), any(), any(), anyMap());
        mvc.perform(patch("/api/v1/customers/" + customerId)
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"kind":"ORGANISATION","idNumber":"110105900307123"}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'idNumber')].message")
                        .value(org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.startsWith("证件号码无效"))));
    }

    /** Issue 9: billing reads the contracted demand and the household size from the customer record. */
    @Test
    void anEditSetsTheContractedDemandAndHouseholdSizeThatBillingReads() throws Exception {
        long customerId = created(Households.idNumber(), "LARGE_INDUSTRIAL", "800", "137" + Households.digits(8));
        mvc.perform(patch("/api/v1/customers/" + customerId)
                        .with(as(clerk))
                        .with(csrf())
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"contractedDemandKw":801,"householdSize":0}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'contractedDemandKw')].message")
                        .value("The contracted demand cannot exceed the contracted capacity"))
                .andExpect(jsonPath("$.errors[?(@.field == 'householdSize')].message")
                        .value("The household size is a whole number of persons from 1 to 99"));
        mvc.perform(patch("/api/v1/customers/" + customerId)
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"contractedDemandKw":630,"householdSize":6}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.contractedKva").value(800))
                .andExpect(jsonPath("$.contractedDemandKw").value(630))
                .andExpect(jsonPath("$.householdSize").value(6));
        ArgumentCaptor<Map<String, ?>> details = ArgumentCaptor.forClass(Map.class);
        verify(audit).record(eq(clerk), eq("customer.update"), eq("customer"), eq("" + customerId), details.capture());
        Map<String, Object> audited = Map.copyOf(details.getValue());
        assertThat(audited)
                .containsOnlyKeys(
                        "old.contractedDemandKw", "new.contractedDemandKw", "old.householdSize", "new.householdSize")
                .containsEntry("new.contractedDemandKw", "630")
                .containsEntry("new.householdSize", "6");
        // lowering the capacity below the demand re-checks the demand, in the caller's language
        mvc.perform(patch("/api/v1/customers/" + customerId)
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"contractedKva":500}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'contractedDemandKw')].message")
                        .value("合同最大需量不能超过合同容量"));
        long account = customers.accountsOfCustomer(customerId).getFirst().id();
        assertThat(customers.supplyTerms(List.of(account)))
                .containsExactly(Map.entry(account, new io.gridhall.customer.SupplyTerms(account, 800, 630, 6)));
    }

    /** Both answers the same but for the request's own path. */
    private void refusedAlike(
            org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder foreign,
            org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder unknown)
            throws Exception {
        var a = mvc.perform(foreign).andReturn().getResponse();
        var b = mvc.perform(unknown).andReturn().getResponse();
        assertThat(a.getStatus()).isEqualTo(404).isEqualTo(b.getStatus());
        Map<String, Object> bodyA =
                new java.util.HashMap<>(com.jayway.jsonpath.JsonPath.read(a.getContentAsString(), "$"));
        Map<String, Object> bodyB =
                new java.util.HashMap<>(com.jayway.jsonpath.JsonPath.read(b.getContentAsString(), "$"));
        bodyA.remove("instance");
        bodyB.remove("instance");
        assertThat(bodyA).isEqualTo(bodyB);
    }

    @Test
    void everyWriteAndReadOfACustomerOfAnotherBranchIsRefusedLikeOneOfACustomerThatDoesNotExist() throws Exception {
        long unknown = h.customerId() + 1_000_000_000L;
        String form = form(
                Households.idNumber(),
                "RESIDENTIAL",
                null,
                "137" + Households.digits(8),
                h.branch().value());
        refusedAlike(
                get("/api/v1/customers/" + h.customerId()).with(as(stranger)),
                get("/api/v1/customers/" + unknown).with(as(stranger)));
        refusedAlike(
                patch("/api/v1/customers/" + h.customerId())
                        .with(as(stranger))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(form),
                patch("/api/v1/customers/" + unknown)
                        .with(as(stranger))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(form));
        refusedAlike(
                post("/api/v1/customers/" + h.customerId() + "/unmask")
                        .with(as(stranger))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"客户来电核实\"}"),
                post("/api/v1/customers/" + unknown + "/unmask")
                        .with(as(stranger))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"客户来电核实\"}"));
        // registering a customer in another branch: like a branch that does not exist
        long noBranch = h.branch().value() + 2_000_000_000L;
        refusedAlike(
                post("/api/v1/customers")
                        .with(as(stranger))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(form),
                post("/api/v1/customers")
                        .with(as(stranger))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(form(
                                Households.idNumber(), "RESIDENTIAL", null, "137" + Households.digits(8), noBranch)));
        verify(audit, never()).record(eq(stranger), any(), any(), any(), anyMap());
    }

    @Test
    void refusesAFractionalContractedCapacityInsteadOfCuttingItOff() throws Exception {
        String form = form(
                Households.idNumber(),
                "LARGE_INDUSTRIAL",
                "12.5",
                "137" + Households.digits(8),
                h.branch().value());
        mvc.perform(post("/api/v1/customers")
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(form))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-input"))
                .andExpect(jsonPath("$.errors[0].field").value("contractedKva"))
                .andExpect(jsonPath("$.errors[0].message").value("请输入整数"));
        mvc.perform(post("/api/v1/customers")
                        .with(as(clerk))
                        .with(csrf())
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(form))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("Enter a whole number"));
    }

    @Test
    void aNulCharacterInANameIsAFieldErrorNotAConflict() throws Exception {
        mvc.perform(post("/api/v1/customers")
                        .with(as(clerk))
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(form(
                                        Households.idNumber(),
                                        "RESIDENTIAL",
                                        null,
                                        "137" + Households.digits(8),
                                        h.branch().value())
                                .replace("王小明", "王\\u0000明")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"))
                .andExpect(jsonPath("$.errors[0].message").value("不能含有空字符（U+0000）"));
    }
}
