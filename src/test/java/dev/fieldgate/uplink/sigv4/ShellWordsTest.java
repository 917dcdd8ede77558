package dev.fieldgate.uplink.sigv4;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShellWordsTest {

    @Test
    void should_split_like_posix_shlex() {
        assertThat(ShellWords.split("  /opt/helper  --role 'plant a' \"x \\\"y\\\"\" a\\ b ")).containsExactly(
                "/opt/helper", "--role", "plant a", "x \"y\"", "a b");
        assertThat(ShellWords.split("cmd $HOME|tee")).containsExactly("cmd", "$HOME|tee");
    }

    @Test
    void should_refuse_an_unclosed_quote_without_echoing_the_line() {
        assertThatThrownBy(() -> ShellWords.split("helper --secret 'wJalr"))
                .isInstanceOf(SigV4Exception.class)
                .hasMessageNotContaining("wJalr");
    }
}
