package dev.fieldgate.field;

import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ConfigProblem;

import java.nio.file.Path;
import java.util.List;

/**
 * The field side as technicians, cloud operations and the other capabilities see it: adapters, their devices and
 * latest values. Valid once the adapter files are loaded (the start's adapter slot); thread-safe.
 */
public interface AdapterService {

    /** @return the adapters read from the files at start, enabled or not */
    List<AdapterDefinition> loaded();

    /** @return how many adapters poll now */
    int running();

    /** @return the running devices */
    DeviceDirectory devices();

    /** @return the latest reading of every point */
    LatestValues latest();

    /** @return the directory adapter files are loaded from */
    Path adaptersDir();

    /** @return the parser the gateway loads adapter files with, for checking edited ones */
    AdapterLoader loader();

    /** @return the names of the Modbus device profiles in the catalogue, sorted */
    List<String> profileNames();

    /** @return adapter and profile files rejected at the last load */
    List<ConfigProblem> problems();

    /**
     * Reads one adapter's file again and applies it; the others keep running.
     *
     * @return what happened
     * @throws IllegalArgumentException naming file, line and key when the file is invalid
     */
    String reload(String adapterName);

    /** @return polls skipped since start (late or back-pressured), all devices */
    long overruns();
}
