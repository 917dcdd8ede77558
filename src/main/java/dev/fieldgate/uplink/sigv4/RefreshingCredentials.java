package dev.fieldgate.uplink.sigv4;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The first of a list of credential sources that has credentials, kept while they are temporary and more than
 * {@code refreshAhead} from expiry, fetched again after that. If fetching fails while the kept ones are still
 * valid, those are used and a warning logged, so that a slow or flaky helper costs no connection. Long-term keys are
 * not kept: they are looked up again on every call (a connect), which picks up rotated keys. Thread-safe.
 */
final class RefreshingCredentials {

    private static final Logger LOG = Logger.getLogger(RefreshingCredentials.class);

    private final List<CredentialsProvider> sources;
    private final Duration refreshAhead;
    private AwsCredentials kept;

    /**
     * @param sources where to look, in order
     * @param refreshAhead renew temporary credentials this long before they expire
     */
    RefreshingCredentials(final List<CredentialsProvider> sources, final Duration refreshAhead) {
        this.sources = List.copyOf(sources);
        this.refreshAhead = Objects.requireNonNull(refreshAhead, "refreshAhead");
    }

    /**
     * @param now the current time
     * @return credentials valid at {@code now}
     * @throws SigV4Exception when no source has credentials, or the one that has them fails
     */
    synchronized AwsCredentials get(final Instant now) {
        if (kept != null && now.isBefore(kept.expiration().orElseThrow().minus(refreshAhead))) {
            return kept;
        }
        final AwsCredentials fresh;
        try {
            fresh = fetch(now);
        } catch (final SigV4Exception e) {
            if (kept != null && now.isBefore(kept.expiration().orElseThrow())) {
                LOG.warnf("Renewing AWS credentials failed (%s); using the current ones until %s", e.getMessage(),
                        kept.expiration().orElseThrow());
                return kept;
            }
            kept = null;
            throw e;
        }
        kept = fresh.expiration().isPresent() ? fresh : null;
        if (fresh.expiration().isPresent()) {
            LOG.infof("AWS credentials from %s (key %s) fetched, valid until %s", fresh.source(),
                    fresh.accessKeyId(), fresh.expiration().orElseThrow());
        }
        return fresh;
    }

    private AwsCredentials fetch(final Instant now) {
        for (final CredentialsProvider source : sources) {
            final Optional<AwsCredentials> found = source.resolve(now);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new SigV4Exception("no AWS credentials: " + sources.stream().map(CredentialsProvider::missing)
                .collect(Collectors.joining(" and ")), false);
    }
}
