package dev.fieldgate.jobs;

import java.util.List;

/**
 * Job {@code fieldgate.adapters}: adapter files to put in place, in order.
 *
 * @param files at least one, names unique
 */
public record AdapterRolloutDocument(List<AdapterFileSource> files) implements JobDocument {

    /** The operation name in job documents. */
    public static final String OPERATION = "fieldgate.adapters";

    /** Copies the list. */
    public AdapterRolloutDocument {
        files = List.copyOf(files);
    }

    @Override
    public String operation() {
        return OPERATION;
    }
}
