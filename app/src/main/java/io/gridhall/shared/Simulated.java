package io.gridhall.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Profile;

/**
 * Marks a bean that stands in for an outside system (the SMS and WeChat operators, the dev inbox that
 * shows what they were given, later payment gateways) or exposes what only a demo may show. Such a bean
 * exists only in the {@code demo} profile and in the test suite's {@code test} profile (whose settings
 * ship in the test resources, not in the application jar); a production start-up never creates one.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Profile({"demo", "test"})
public @interface Simulated {}
