package io.gridhall.notification.web;

import io.gridhall.notification.Category;
import io.gridhall.notification.Channel;
import io.gridhall.notification.internal.Contacts;
import io.gridhall.notification.internal.Preferences;
import io.gridhall.shared.PersonalData;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Which channels the signed-in customer wants per category, and how they can be reached. */
@RestController
@RequestMapping("/api/v1/portal/notification-preferences")
@Tag(name = "Notification preferences", description = "Channels per category for the signed-in customer")
class PreferencesApi {

    /** @param fixed channels that cannot be turned off (SMS for service notices) */
    record CategoryView(Category category, Set<Channel> channels, Set<Channel> fixed) {}

    /** Masked; a channel without a contact is skipped even when chosen. */
    record ContactsView(String phone, String email, boolean wechatBound) {}

    /** @param language the language of my notices: zh-CN or en */
    record PreferencesView(List<CategoryView> categories, ContactsView contacts, String language) {}

    record LanguageUpdate(
            @NotNull @Pattern(regexp = "zh-CN|en") String language) {}

    record Choice(@NotNull Category category, @NotNull Set<@NotNull Channel> channels) {}

    /** Categories not listed keep their current choice. */
    record PreferencesUpdate(
            @NotNull @Size(min = 1, max = 4) List<@NotNull @Valid Choice> categories) {}

    private final Preferences preferences;
    private final Contacts contacts;
    private final PortalCustomers customers;

    PreferencesApi(Preferences preferences, Contacts contacts, PortalCustomers customers) {
        this.preferences = preferences;
        this.contacts = contacts;
        this.customers = customers;
    }

    @GetMapping
    @Operation(summary = "Show my channels per category and my (masked) contacts")
    @ApiResponse(responseCode = "200", description = "Every category with its channels")
    @ApiResponse(responseCode = "401", description = "Not signed in")
    @ApiResponse(responseCode = "403", description = "Not a customer (problem)")
    PreferencesView show(@AuthenticationPrincipal Object principal) {
        long userId = customers.userId(principal);
        return view(userId, preferences.of(userId));
    }

    @PutMapping
    @Operation(summary = "Choose my channels for the categories given; SMS for service notices stays on")
    @ApiResponse(responseCode = "200", description = "The preferences now in force")
    @ApiResponse(
            responseCode = "400",
            description = "Invalid input, a category twice, a fixed channel left out, or WeChat newly chosen with no"
                    + " WeChat bound (problem)")
    @ApiResponse(responseCode = "401", description = "Not signed in")
    @ApiResponse(responseCode = "403", description = "Not a customer (problem)")
    PreferencesView update(@AuthenticationPrincipal Object principal, @Valid @RequestBody PreferencesUpdate body) {
        long userId = customers.userId(principal);
        Map<Category, Set<Channel>> choices = new EnumMap<>(Category.class);
        for (Choice choice : body.categories()) {
            Set<Channel> channels =
                    choice.channels().isEmpty() ? EnumSet.noneOf(Channel.class) : EnumSet.copyOf(choice.channels());
            if (choices.put(choice.category(), channels) != null) {
                throw Problem.badRequest(
                        "notification-category-repeated", choice.category().name());
            }
        }
        // WeChat cannot be newly chosen before the customer has bound a WeChat account: nothing could reach them
        // there (issue 8); a choice already stored (the defaults) may stay until they bind one
        if (contacts.of(userId).wechatOpenId() == null) {
            Map<Category, Set<Channel>> current = preferences.of(userId);
            choices.forEach((category, channels) -> {
                if (channels.contains(Channel.WECHAT)
                        && !current.getOrDefault(category, Set.of()).contains(Channel.WECHAT)) {
                    throw Problem.badRequest("notification-wechat-unbound");
                }
            });
        }
        return view(userId, preferences.update(userId, choices));
    }

    @PutMapping("/language")
    @Operation(summary = "Choose the language of my notices (outage notices and the like): zh-CN or en")
    @ApiResponse(responseCode = "200", description = "The preferences now in force")
    @ApiResponse(responseCode = "400", description = "Neither zh-CN nor en (problem)")
    @ApiResponse(responseCode = "401", description = "Not signed in")
    @ApiResponse(responseCode = "403", description = "Not a customer (problem)")
    PreferencesView language(@AuthenticationPrincipal Object principal, @Valid @RequestBody LanguageUpdate body) {
        long userId = customers.userId(principal);
        contacts.updateLanguage(userId, Locale.forLanguageTag(body.language()));
        return view(userId, preferences.of(userId));
    }

    private PreferencesView view(long userId, Map<Category, Set<Channel>> choices) {
        Contacts.Contact contact = contacts.of(userId);
        List<CategoryView> categories = choices.entrySet().stream()
                .map(e -> new CategoryView(e.getKey(), e.getValue(), Preferences.fixed(e.getKey())))
                .toList();
        return new PreferencesView(
                categories,
                new ContactsView(
                        PersonalData.maskPhone(contact.phone()),
                        PersonalData.maskEmail(contact.email()),
                        contact.wechatOpenId() != null),
                "en".equals(contacts.language(userId).getLanguage()) ? "en" : "zh-CN");
    }
}
