package dev.fieldgate.jobs;

import dev.fieldgate.field.adapter.AdapterConfigException;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.util.AtomicFiles;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Job {@code fieldgate.adapters}. Steps, each recorded before the next begins:
 * <ol>
 *   <li>every file fetched and checked with the gateway's own loader (nothing changed yet), then the current files
 *       backed up to {@code <work>/<jobId>/old/} (a missing file as {@code <file>.absent});</li>
 *   <li>from step 2 on, file {@code step - 2} written (atomic, owner-only) and its adapter reloaded;</li>
 *   <li>then the health window over every device of the new files.</li>
 * </ol>
 * A failure, a cancellation or a restart at any step puts the backed-up files back and reloads their adapters;
 * restoring is idempotent, so a crash during a rollback is repaired by the next one. The backup of the latest
 * rollout stays, for a rollback by hand.
 */
final class AdapterRollout implements JobOperation {

    private static final Logger LOG = Logger.getLogger(AdapterRollout.class);
    private static final String ABSENT = ".absent";

    private final AdapterTarget target;
    private final Path work;
    private final AdapterFetcher fetcher;
    private final RolloutHealth health;
    private final long maxTotalBytes;

    /**
     * @param work          where backups live, one directory per job
     * @param maxTotalBytes largest sum of one rollout's files
     */
    AdapterRollout(final AdapterTarget target, final Path work, final AdapterFetcher fetcher,
                   final RolloutHealth health, final long maxTotalBytes) {
        this.target = target;
        this.work = work;
        this.fetcher = fetcher;
        this.health = health;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** A file to put in place, checked. */
    private record Staged(String name, Path file, String yaml, AdapterDefinition definition) {
    }

    @Override
    public String run(final String jobId, final JobDocument document, final JobContext context) {
        final List<Staged> staged = stage(((AdapterRolloutDocument) document).files());
        backUp(jobId, staged);
        context.checkpoint(1, "checked and backed up " + staged.size() + " file(s)");
        final long since = System.currentTimeMillis();
        try {
            for (int i = 0; i < staged.size(); i++) {
                final Staged s = staged.get(i);
                AtomicFiles.write(s.file(), s.yaml(), true);
                target.reload(s.name());
                context.checkpoint(2 + i, "applied " + s.name());
            }
            final Set<String> devices = new LinkedHashSet<>();
            staged.stream().filter(s -> s.definition().enabled()).forEach(s -> devices.addAll(s.definition().deviceIds()));
            final Optional<String> sick = health.await(devices, since, context);
            if (sick.isPresent()) {
                throw new JobFailedException(sick.get() + "; previous adapter files restored");
            }
        } catch (final JobFailedException | JobCanceledException e) {
            restore(jobId);
            throw e;
        } catch (final RuntimeException e) {
            restore(jobId);
            throw new JobFailedException("applying the rollout failed: " + e.getMessage()
                    + "; previous adapter files restored", e);
        }
        prune(jobId);
        return "applied " + String.join(", ", staged.stream().map(Staged::name).toList());
    }

    @Override
    public String recover(final String jobId, final int step) {
        if (step >= 1) {
            restore(jobId);
            return "the gateway restarted during the rollout (step " + step + "); previous adapter files restored";
        }
        return "the gateway restarted before any adapter file was changed";
    }

    /**
     * Puts the backed-up files of a job back and reloads their adapters.
     *
     * @return the adapters restored
     * @throws JobFailedException when the job has no backup
     */
    List<String> restore(final String jobId) {
        final Path old = work.resolve(jobId).resolve("old");
        if (!Files.isDirectory(old)) {
            throw new JobFailedException("no backup of job " + jobId + " in " + old);
        }
        final List<String> restored = new ArrayList<>();
        try (Stream<Path> files = Files.list(old)) {
            for (final Path b : files.sorted().toList()) {
                final String fileName = b.getFileName().toString();
                final boolean absent = fileName.endsWith(ABSENT);
                final Path live = target.dir().resolve(absent ? fileName.substring(0, fileName.length() - ABSENT.length())
                        : fileName);
                if (absent) {
                    Files.deleteIfExists(live);
                } else {
                    AtomicFiles.write(live, Files.readString(b, StandardCharsets.UTF_8), true);
                }
                final String name = live.getFileName().toString().replaceFirst("\\.ya?ml$", "");
                reloadQuietly(name);
                restored.add(name);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("restoring adapter files of job " + jobId + ": " + e.getMessage(), e);
        }
        LOG.infof("Adapter files of job %s restored: %s", jobId, restored);
        return restored;
    }

    private void reloadQuietly(final String name) {
        try {
            target.reload(name);
        } catch (final RuntimeException e) {
            // the restored file is what ran before; a reload refusing it is reported, the other files still go back
            LOG.errorf("Reloading restored adapter %s failed: %s", name, e.getMessage());
        }
    }

    private List<Staged> stage(final List<AdapterFileSource> sources) {
        final List<Staged> out = new ArrayList<>();
        final Map<String, String> ids = new HashMap<>();
        long total = 0;
        for (final AdapterFileSource src : sources) {
            final String yaml = fetcher.fetch(src);
            total += yaml.getBytes(StandardCharsets.UTF_8).length;
            if (total > maxTotalBytes) {
                throw new JobFailedException("the rollout's files exceed fieldgate.jobs.rollout-max-bytes="
                        + maxTotalBytes + " at file " + src.name());
            }
            final Path file = liveFile(src.name());
            final AdapterDefinition def;
            try {
                def = target.parse(file.toString(), src.name(), yaml);
            } catch (final AdapterConfigException e) {
                throw new JobFailedException("file " + src.name() + " line " + e.line() + " key '" + e.key() + "': "
                        + e.getMessage() + "; nothing changed");
            }
            if (def.enabled()) {
                for (final String id : def.deviceIds()) {
                    final Optional<String> runner = target.adapterOf(id);
                    final String twice = ids.put(id, src.name());
                    if (twice != null || runner.isPresent() && !runner.get().equals(src.name())) {
                        throw new JobFailedException("file " + src.name() + ": device " + id + " is already used by "
                                + "adapter " + (twice != null ? twice : runner.get()) + "; nothing changed");
                    }
                }
            }
            out.add(new Staged(src.name(), file, yaml, def));
        }
        return out;
    }

    /** The file an adapter name stands for: an existing {@code .yml} keeps its name. */
    private Path liveFile(final String name) {
        final Path yml = target.dir().resolve(name + ".yml");
        return Files.isRegularFile(yml) ? yml : target.dir().resolve(name + ".yaml");
    }

    private void backUp(final String jobId, final List<Staged> staged) {
        final Path old = work.resolve(jobId).resolve("old");
        try {
            Files.createDirectories(old);
            for (final Staged s : staged) {
                final String fileName = s.file().getFileName().toString();
                if (Files.isRegularFile(s.file())) {
                    AtomicFiles.write(old.resolve(fileName), Files.readString(s.file(), StandardCharsets.UTF_8), true);
                } else {
                    AtomicFiles.write(old.resolve(fileName + ABSENT), "", true);
                }
            }
        } catch (final IOException e) {
            throw new JobFailedException("cannot back up the adapter files to " + old + ": " + e.getMessage()
                    + "; nothing changed");
        }
    }

    /** Keeps the latest rollout's backup only: older ones can no longer be rolled back to by hand. */
    private void prune(final String keep) {
        try (Stream<Path> jobs = Files.list(work)) {
            for (final Path j : jobs.filter(p -> !p.getFileName().toString().equals(keep)).toList()) {
                try (Stream<Path> all = Files.walk(j)) {
                    for (final Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (final IOException e) {
            LOG.warnf("Old rollout backups in %s not removed: %s", work, e.getMessage());
        }
    }
}
