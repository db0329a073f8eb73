package io.gridhall.billing.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * One application context for the billing tests: runs are worked by the tests themselves (no poller), in chunks of 7
 * accounts so that a small branch has several, rated by the flat test tariff of {@link BillingFixtures}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = {"gridhall.billing.runs.enabled=false", "gridhall.billing.runs.chunk-size=7"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(BillingFixtures.Config.class)
@interface BillingTest {}
