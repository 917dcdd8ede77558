package dev.fieldgate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

/** Where field adapter definitions come from ({@code fieldgate.adapters.*}). */
@ConfigMapping(prefix = "fieldgate.adapters")
public interface AdaptersConfig {

    /** Directory of adapter files, one YAML file per field connection. Default {@code adapters}. */
    @WithDefault("adapters")
    Path dir();

    /** Directory of device profiles. Default {@code adapters/profiles}. */
    @WithDefault("adapters/profiles")
    Path profilesDir();

    /**
     * Whether files changed in {@link #dir()} while the gateway runs are applied (copied in, edited, a ConfigMap
     * update), each as a save on the web page would; a broken file keeps the running version. Default true.
     */
    @WithDefault("true")
    boolean watch();

    /** How often the directory is checked; a file is applied once it held still for one check. Default 2 s. */
    @WithDefault("2s")
    Duration watchInterval();
}
