package io.gridhall.web;

import io.gridhall.shared.PersonalData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How the browser journeys sign in like a person would: SMS codes from the demo inbox, TOTP codes. */
final class DemoSignIns {

    private DemoSignIns() {}

    /** A code valid for a few more seconds, so it does not expire between typing and submitting. */
    static String freshTotp(String secret) throws InterruptedException {
        long left = 30 - Instant.now().getEpochSecond() % 30;
        if (left < 5) Thread.sleep(left * 1000 + 200);
        // a code is taken once: signing the same person in again within its 30 s waits for the next one
        Long used = USED_STEPS.get(secret);
        while (used != null && Instant.now().getEpochSecond() / 30 <= used) {
            Thread.sleep((30 - Instant.now().getEpochSecond() % 30) * 1000 + 200);
        }
        Instant now = Instant.now();
        USED_STEPS.put(secret, now.getEpochSecond() / 30);
        return Totp.code(secret, now);
    }

    /** The last 30-second step whose code each secret signed in with. */
    private static final java.util.Map<String, Long> USED_STEPS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The newest code the demo inbox shows for the phone, waiting for the outbox to deliver it. */
    static String codeFromInbox(HttpClient http, String base, String phone, Instant notBefore) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        Pattern six = Pattern.compile("(?<!\\d)(\\d{6})(?!\\d)");
        Instant deadline = Instant.now().plusSeconds(30);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/dev/inbox?limit=200"))
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                Optional<String> code = Optional.empty();
                long newest = Long.MIN_VALUE;
                for (JsonNode entry : json.readTree(response.body())) {
                    String address = entry.path("address").asString("");
                    // the inbox may show the number masked (139****5678) like everything else
                    boolean ours = phone.contains("@")
                            ? address.equals(phone) || address.equals(PersonalData.maskEmail(phone))
                            : address.endsWith(phone)
                                    || address.equals(
                                            phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4));
                    if (!ours) continue;
                    Matcher m = six.matcher(entry.path("body").asString(""));
                    long id = entry.path("id").asLong();
                    if (m.find() && id > newest) {
                        newest = id;
                        code = Optional.of(m.group(1));
                    }
                }
                if (code.isPresent()) return code.get();
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no sign-in code for " + phone + " in the demo inbox since " + notBefore
                + "; last answer: " + last.substring(0, Math.min(last.length(), 800)));
    }

    static String randomBase32(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++)
            s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(32)));
        return s.toString();
    }
}
