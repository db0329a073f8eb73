package io.gridhall.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DtuProtocolTest {

    @Test
    void aRegistrationLineCarriesTheSecretWhenThereIsOne() {
        assertThat(new String(DtuProtocol.registration("C00000000001"), StandardCharsets.US_ASCII))
                .isEqualTo("DTU:C00000000001\n");
        byte[] withSecret = DtuProtocol.registration("C00000000001", "s3cret-Pass");
        assertThat(new String(withSecret, StandardCharsets.US_ASCII)).isEqualTo("DTU:C00000000001:s3cret-Pass\n");
        assertThat(DtuProtocol.parseRegistration(withSecret)).contains("C00000000001");
    }

    @Test
    void aSecretIsEightToSixtyFourPrintableCharactersWithoutBlankOrComma() {
        for (String bad : new String[] {"short", "has blank", "a,b,c,d,e", "x".repeat(65), "密钥密钥密钥密钥"}) {
            assertThatThrownBy(() -> DtuProtocol.registration("C00000000001", bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining(bad);
        }
    }
}
