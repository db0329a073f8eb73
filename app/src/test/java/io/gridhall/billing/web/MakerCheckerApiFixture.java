package io.gridhall.billing.web;

import static io.gridhall.testing.Actors.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.gridhall.billing.internal.Tariffs;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Role;
import io.gridhall.testing.Actors;
import java.time.Clock;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * What the catalogue's maker-checker API tests (tariff versions, holiday calendar years) share: a maker and a checker
 * among the billing clerks of one branch, a counter clerk who may do neither, and a JSON post in a language.
 */
abstract class MakerCheckerApiFixture {

    @Autowired
    MockMvc mvc;

    @Autowired
    Tariffs tariffs;

    @Autowired
    Clock clock;

    @Autowired
    JdbcClient jdbc;

    final Actor maker;
    final Actor checker;
    final Actor counter;

    MakerCheckerApiFixture(long branchId) {
        BranchId branch = new BranchId(branchId);
        maker = Actors.staff(branch, Role.BILLING_CLERK);
        checker = Actors.staff(branch, Role.BILLING_CLERK);
        counter = Actors.staff(branch, Role.COUNTER_CLERK);
    }

    ResultActions postJson(String path, Actor actor, String body, Locale locale) throws Exception {
        return mvc.perform(post(path)
                .with(as(actor))
                .with(csrf())
                .locale(locale)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }
}
