package dev.fieldgate.uplink.hivemq;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TlsFailureHintTest {

    @Test
    void should_explain_the_handshake_failures_operators_meet() {
        assertThat(TlsFailureHint.of("ConnectionClosedException: Received fatal alert: unknown_ca"))
                .hasValueSatisfying(h -> assertThat(h).contains("refused the gateway's client certificate")
                        .contains("fieldgate.uplink.tls.cert"));
        assertThat(TlsFailureHint.of("SSLHandshakeException: Received fatal alert: certificate_expired"))
                .hasValueSatisfying(h -> assertThat(h).contains("expired"));
        assertThat(TlsFailureHint.of("SSLHandshakeException: PKIX path building failed: unable to find valid "
                + "certification path to requested target"))
                .hasValueSatisfying(h -> assertThat(h).contains("fieldgate.uplink.tls.ca"));
        assertThat(TlsFailureHint.of("SSLHandshakeException: Path does not chain with any of the trust anchors"))
                .hasValueSatisfying(h -> assertThat(h).contains("fieldgate.uplink.tls.ca"));
        assertThat(TlsFailureHint.of("ConnectException: Connection refused")).isEmpty();
    }
}
