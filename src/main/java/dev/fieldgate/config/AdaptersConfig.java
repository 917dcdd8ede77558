package dev.fieldgate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** Where field adapter definitions come from ({@code fieldgate.adapters.*}). */
@ConfigMapping(prefix = "fieldgate.adapters")
public interface AdaptersConfig {

    /** Directory of adapter files, one YAML file per field connection. Default {@code adapters}. */
    @WithDefault("adapters")
    Path dir();

    /** Directory of device profiles. Default {@code adapters/profiles}. */
    @WithDefault("adapters/profiles")
    Path profilesDir();
}
