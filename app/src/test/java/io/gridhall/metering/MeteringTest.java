package io.gridhall.metering;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** One application context for every metering test (head-end on a random port), so it starts once. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        properties = {
            "gridhall.headend.port=0",
            "gridhall.headend.timeout=PT1S",
            "gridhall.headend.attempts=2",
            "gridhall.headend.command-backoff=PT0.2S",
            "gridhall.headend.command-poll=PT0.5S"
        })
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(MeteringFixtures.Config.class)
public @interface MeteringTest {}
