package dev.fieldgate.web.auth;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nothing may leave the gateway without an administrator: not a delete, not a demotion. */
class AccountStoreTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    private AccountStore accounts;

    @BeforeEach
    void open() {
        accounts = new AccountStore(dir);
        accounts.save("anna", Role.ADMIN, PASSWORD);
    }

    @AfterEach
    void close() {
        accounts.close();
    }

    @Test
    void should_refuse_to_demote_the_last_administrator() {
        assertThatThrownBy(() -> accounts.save("anna", Role.VIEWER, PASSWORD))
                .isInstanceOf(AccountStore.LastAdministratorException.class).hasMessageContaining("last administrator");
        assertThat(accounts.hasAdmin()).isTrue();
        assertThat(accounts.list()).containsExactly(new Account("anna", Role.ADMIN));
    }

    @Test
    void should_refuse_to_delete_the_last_administrator() {
        assertThatThrownBy(() -> accounts.delete("anna")).isInstanceOf(AccountStore.LastAdministratorException.class);
        assertThat(accounts.hasAdmin()).isTrue();
    }

    @Test
    void should_let_one_of_two_administrators_step_down_and_then_keep_the_other() {
        accounts.save("ben", Role.ADMIN, PASSWORD);

        accounts.save("anna", Role.TECHNICIAN, PASSWORD);

        assertThatThrownBy(() -> accounts.save("ben", Role.TECHNICIAN, PASSWORD))
                .isInstanceOf(AccountStore.LastAdministratorException.class);
        assertThat(accounts.delete("anna")).isTrue();
        assertThat(accounts.list()).containsExactly(new Account("ben", Role.ADMIN));
    }

    @Test
    void should_lock_an_unknown_name_exactly_as_a_known_one_so_that_the_lock_tells_nothing() {
        final String[] known = refusals("anna");
        final String[] unknown = refusals("nobody");

        assertThat(unknown).containsExactly(known);
        assertThat(known[5]).startsWith("Too many failed attempts");
    }

    @Test
    void should_lock_the_setup_code_after_five_wrong_guesses() {
        final GuessCounter guesses = new GuessCounter();
        final long now = 1_000_000;
        for (int i = 0; i < 5; i++) {
            guesses.check(now);
            guesses.failed(now);
        }
        assertThatThrownBy(() -> guesses.check(now + 1000)).isInstanceOf(SignInRefused.class)
                .hasMessageContaining("try again in 29 s");
        guesses.check(now + 30_001);
    }

    /** @return the messages of six sign-ins with a wrong password */
    private String[] refusals(final String name) {
        final String[] out = new String[6];
        for (int i = 0; i < out.length; i++) {
            try {
                accounts.verify(name, "wrong password");
            } catch (final SignInRefused e) {
                // the seconds left differ by the time between the two runs: compare the words
                out[i] = e.getMessage().replaceAll("\\d+ s", "N s");
            }
        }
        return out;
    }
}
