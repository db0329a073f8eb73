package io.gridhall.shared.internal;

import io.gridhall.shared.Money;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at /v3/api-docs. Every operation documents the problem responses that the
 * platform gives for any call (bad input, not signed in, not allowed, not found), so that each
 * controller only declares what is particular to it.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    private static final String PROBLEM = "#/components/schemas/Problem";

    static {
        // money is a number of yuan in every answer (Money's JSON form), so it is described as one
        SpringDocUtils.getConfig().replaceWithClass(Money.class, BigDecimal.class);
    }

    @Bean
    OpenAPI gridHallApi() {
        Schema<?> problem = new Schema<>()
                .type("object")
                .description("RFC 9457 problem details, in the caller's language (Accept-Language)")
                .addProperty("type", new Schema<>().type("string").format("uri"))
                .addProperty("title", new Schema<>().type("string"))
                .addProperty("status", new Schema<>().type("integer"))
                .addProperty("detail", new Schema<>().type("string"))
                .addProperty("code", new Schema<>().type("string").description("stable machine-readable code"))
                .addProperty(
                        "errors",
                        new Schema<>()
                                .type("array")
                                .description("field errors: {field, message}")
                                .items(new Schema<>()
                                        .type("object")
                                        .addProperty("field", new Schema<>().type("string"))
                                        .addProperty("message", new Schema<>().type("string"))));
        return new OpenAPI()
                .info(new Info()
                        .title("GridHall API")
                        .version("v1")
                        .description(
                                "One API for the customer portal, the staff console, mobile apps and mini-programs.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSchemas("Problem", problem));
    }

    @Bean
    GlobalOperationCustomizer problemResponses() {
        return (operation, handlerMethod) -> {
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            addIfAbsent(responses, "400", "Invalid input (problem with field errors)");
            addIfAbsent(responses, "401", "Not signed in");
            addIfAbsent(responses, "403", "Signed in but not allowed");
            addIfAbsent(responses, "404", "Unknown, or not visible to the caller");
            operation.setResponses(responses);
            return operation;
        };
    }

    private static void addIfAbsent(ApiResponses responses, String status, String description) {
        if (responses.containsKey(status)) return;
        responses.addApiResponse(
                status,
                new ApiResponse()
                        .description(description)
                        .content(new Content()
                                .addMediaType(
                                        "application/problem+json",
                                        new MediaType().schema(new Schema<>().$ref(PROBLEM)))));
    }
}
