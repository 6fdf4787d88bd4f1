package io.dequeue.config.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dequeue.model.DomainName;
import io.dequeue.model.serde.Json;
import io.dequeue.model.settings.OutboundTls;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code outboundTls} setting as the API and the import file read it. */
class OutboundTlsSettingTest {

    private static final DomainName DOMAIN = DomainName.parse("example.net");

    private static SettingsReader.Result read(String value) throws Exception {
        return SettingsReader.fromApi(Json.mapper().readTree("{\"outboundTls\": " + value + "}"), DOMAIN);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            "none",          NONE
            "off",           NONE
            "opportunistic", OPPORTUNISTIC
            "encrypted",     ENCRYPTED
            "Encrypted",     ENCRYPTED
            "required",      REQUIRED
            null,            OPPORTUNISTIC
            """)
    void readsEveryValue(String json, OutboundTls expected) throws Exception {
        SettingsReader.Result r = read(json);
        assertThat(r.errors()).isEmpty();
        assertThat(r.settings().outboundTls()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            "mandatory"
            "verified"
            true
            """)
    void refusesOthersWithTheFieldAndTheValidNames(String json) throws Exception {
        SettingsReader.Result r = read(json);
        assertThat(r.valid()).isFalse();
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("outboundTls");
            if (json.startsWith("\"")) {
                assertThat(e.message()).isEqualTo("must be one of none, opportunistic, encrypted, required");
            }
        });
    }
}
