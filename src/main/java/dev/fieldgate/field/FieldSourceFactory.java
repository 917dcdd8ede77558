package dev.fieldgate.field;

import dev.fieldgate.field.adapter.AdapterDefinition;

/** Makes the reading source of an adapter whose kind another capability runs (a Sparkplug node on the plant broker). */
@FunctionalInterface
public interface FieldSourceFactory {

    /**
     * @param adapter  an enabled adapter of the kind the factory was registered for
     * @param sink     where its readings go
     * @param metrics  counts messages, drops and errors per device
     * @return the source, not started yet
     */
    FieldSource create(AdapterDefinition adapter, ReadingSink sink, PollMetrics metrics);
}
