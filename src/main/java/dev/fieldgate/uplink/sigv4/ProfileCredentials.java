package dev.fieldgate.uplink.sigv4;

import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named profile of the AWS CLI's shared files: its {@code aws_access_key_id}, {@code aws_secret_access_key} and
 * {@code aws_session_token}, or else its {@code credential_process}. Both files are parsed by the AWS SDK's
 * {@link ProfileFile} (the CLI's grammar: {@code [profile x]} in config, comments, continuation lines); where a
 * profile is in both, the credentials file wins, as in the CLI. Files are read on every call, so rotated keys are
 * picked up at the next connect.
 */
final class ProfileCredentials implements CredentialsProvider {

    private static final Pattern LINE = Pattern.compile("line \\d+");
    private static final List<String> UNSUPPORTED = List.of("role_arn", "sso_session", "sso_start_url",
            "web_identity_token_file", "credential_source");

    private final String profile;
    private final Path credentialsFile;
    private final Path configFile;
    private final Duration processTimeout;
    private final boolean processOnly;

    /**
     * @param profile profile name
     * @param credentialsFile the shared credentials file (may not exist)
     * @param configFile the shared config file (may not exist)
     * @param processTimeout deadline of the profile's credential_process
     * @param processOnly use only the profile's credential_process, not its keys
     */
    ProfileCredentials(final String profile, final Path credentialsFile, final Path configFile,
                       final Duration processTimeout, final boolean processOnly) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.credentialsFile = Objects.requireNonNull(credentialsFile, "credentialsFile");
        this.configFile = Objects.requireNonNull(configFile, "configFile");
        this.processTimeout = Objects.requireNonNull(processTimeout, "processTimeout");
        this.processOnly = processOnly;
    }

    @Override
    public Optional<AwsCredentials> resolve(final Instant now) {
        final Optional<Profile> found = load();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        final Profile p = found.get();
        final String origin = "profile '" + profile + "'";
        final Optional<String> keyId = p.property("aws_access_key_id").filter(v -> !v.isBlank());
        if (!processOnly && keyId.isPresent()) {
            final String secret = p.property("aws_secret_access_key").filter(v -> !v.isBlank())
                    .orElseThrow(() -> new SigV4Exception(origin + " in " + credentialsFile + " has "
                            + "aws_access_key_id but no aws_secret_access_key", false));
            return Optional.of(new AwsCredentials(keyId.get(), secret, p.property("aws_session_token"),
                    Optional.empty(), origin));
        }
        final Optional<String> command = p.property("credential_process").filter(v -> !v.isBlank());
        if (command.isPresent()) {
            return Optional.of(new ProcessCredentials(command.get(), processTimeout, origin).run(now));
        }
        for (final String property : UNSUPPORTED) {
            if (p.property(property).isPresent()) {
                throw new SigV4Exception(origin + " uses " + property + ", which the gateway does not support; "
                        + "give it keys or a credential_process", false);
            }
        }
        throw new SigV4Exception(origin + " has " + (processOnly ? "no credential_process" : "neither "
                + "aws_access_key_id nor credential_process"), false);
    }

    @Override
    public String missing() {
        final boolean credentials = java.nio.file.Files.exists(credentialsFile);
        final boolean config = java.nio.file.Files.exists(configFile);
        if (!credentials && !config) {
            return "neither " + credentialsFile + " nor " + configFile + " exists";
        }
        final String where = credentials && config ? credentialsFile + " and " + configFile + " have"
                : (credentials ? credentialsFile : configFile) + " has";
        return where + " no profile '" + profile + "'";
    }

    private Optional<Profile> load() {
        final List<ProfileFile> files = new ArrayList<>(2);
        // config first: the aggregator lets later files win, and the CLI prefers the credentials file
        CredentialFiles.realFile(configFile, false).ifPresent(f -> files.add(parse(f, ProfileFile.Type.CONFIGURATION)));
        CredentialFiles.realFile(credentialsFile, true).ifPresent(f -> files.add(parse(f, ProfileFile.Type.CREDENTIALS)));
        if (files.isEmpty()) {
            return Optional.empty();
        }
        final ProfileFile.Aggregator all = ProfileFile.aggregator();
        files.forEach(all::addFile);
        return all.build().profile(profile);
    }

    private static ProfileFile parse(final Path file, final ProfileFile.Type type) {
        try {
            return ProfileFile.builder().content(file).type(type).build();
        } catch (final RuntimeException e) {
            // keep only the line number: a parser message could quote the line, and the line may be a secret
            final Matcher line = LINE.matcher(String.valueOf(e.getMessage()));
            throw new SigV4Exception("cannot parse " + file + (line.find() ? " at " + line.group() : ""), false);
        }
    }
}
