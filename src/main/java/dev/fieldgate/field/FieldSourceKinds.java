package dev.fieldgate.field;

import dev.fieldgate.field.adapter.AdapterKind;

/**
 * Where a capability that speaks a field protocol of its own (Sparkplug) registers how adapters of that kind run,
 * so the field side can start, reload and stop them like any other adapter without knowing the protocol.
 */
public interface FieldSourceKinds {

    /**
     * @param kind     the adapter kind
     * @param factory  makes a source for each adapter of that kind
     * @throws IllegalStateException once polling has started
     * @throws NullPointerException  when an argument is null
     */
    void register(AdapterKind kind, FieldSourceFactory factory);
}
