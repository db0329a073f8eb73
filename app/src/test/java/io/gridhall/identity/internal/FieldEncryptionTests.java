package io.gridhall.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldEncryptionTests {

    @TempDir
    Path keys;

    @Test
    void encryptsRandomisedAndDecryptsOnlyForTheSameField() {
        FieldEncryption vault = new FieldEncryption("", "", keys.toString());
        byte[] a = vault.encrypt("110101199003071234", "customer.id_number");
        byte[] b = vault.encrypt("110101199003071234", "customer.id_number");
        assertThat(a).isNotEqualTo(b);
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("1101011990");
        assertThat(vault.decrypt(a, "customer.id_number")).isEqualTo("110101199003071234");
        assertThatThrownBy(() -> vault.decrypt(a, "customer.phone")).isInstanceOf(IllegalStateException.class);
        a[a.length - 1] ^= 1;
        assertThatThrownBy(() -> vault.decrypt(a, "customer.id_number")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keepsTheGeneratedDevelopmentKeysAcrossRestarts() throws Exception {
        FieldEncryption first = new FieldEncryption("", "", keys.toString());
        byte[] secret = first.encrypt("张三", "customer.name");
        FieldEncryption second = new FieldEncryption("", "", keys.toString());
        assertThat(second.decrypt(secret, "customer.name")).isEqualTo("张三");
        assertThat(second.lookupHash("x", "f")).isEqualTo(first.lookupHash("x", "f"));
        assertThat(Files.list(keys)).hasSize(2);
    }

    @Test
    void lookupHashesAreDeterministicKeyedAndSeparatedByField() {
        FieldEncryption vault = new FieldEncryption("", "", keys.toString());
        assertThat(vault.lookupHash("110101199003071234", "id"))
                .hasSize(32)
                .isEqualTo(vault.lookupHash("110101199003071234", "id"))
                .isNotEqualTo(vault.lookupHash("110101199003071234", "other"))
                .isNotEqualTo(vault.lookupHash("110101199003071235", "id"));
        FieldEncryption otherKeys =
                new FieldEncryption("", "", keys.resolve("other").toString());
        assertThat(otherKeys.lookupHash("110101199003071234", "id"))
                .isNotEqualTo(vault.lookupHash("110101199003071234", "id"));
    }

    @Test
    void usesConfiguredKeysWhenGiven() throws Exception {
        FieldEncryption generated = new FieldEncryption("", "", keys.toString());
        byte[] secret = generated.encrypt("v", "f");
        String keyset = java.util.Base64.getEncoder()
                .encodeToString(Files.readAllBytes(keys.resolve("personal-data-keyset.json")));
        String lookup = Files.readString(keys.resolve("personal-data-lookup.key"));
        FieldEncryption configured =
                new FieldEncryption(keyset, lookup, keys.resolve("unused").toString());
        assertThat(configured.decrypt(secret, "f")).isEqualTo("v");
        assertThat(Files.exists(keys.resolve("unused"))).isFalse();
    }
}
