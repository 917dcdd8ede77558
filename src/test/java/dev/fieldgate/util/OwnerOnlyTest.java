package dev.fieldgate.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class OwnerOnlyTest {

    @TempDir
    Path root;

    @Test
    void should_take_group_and_other_rights_from_everything_under_the_data_directory() throws IOException {
        final Path data = root.resolve("data");
        final Path accounts = Files.createDirectories(data.resolve("accounts"));
        final Path hashes = Files.writeString(accounts.resolve("accounts.mv.db"), "bcrypt hashes");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(accounts, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(hashes, PosixFilePermissions.fromString("rw-r--r--"));
        final Path outside = Files.writeString(root.resolve("outside.txt"), "not the gateway's");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(data.resolve("link"), outside);

        final OwnerOnly.Result result = OwnerOnly.tighten(data);

        assertThat(result.tightened()).containsExactlyInAnyOrder(data, accounts, hashes);
        assertThat(result.refused()).isEmpty();
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(accounts)).isEqualTo("rwx------");
        assertThat(mode(hashes)).isEqualTo("rw-------");
        assertThat(mode(outside)).as("links are not followed out of the directory").isEqualTo("rw-r--r--");
        assertThat(OwnerOnly.tighten(data).tightened()).as("nothing left to tighten").isEmpty();
    }

    @Test
    void should_create_a_missing_data_directory_owner_only() throws IOException {
        final Path data = root.resolve("new/data");

        OwnerOnly.tighten(data);

        assertThat(mode(data)).isEqualTo("rwx------");
    }

    private static String mode(final Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
