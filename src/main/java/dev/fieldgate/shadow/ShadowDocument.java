package dev.fieldgate.shadow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * One stored shadow: its state sections, per-leaf metadata and version. Never modified in place; the engine
 * makes a new one for each accepted update.
 *
 * @param desired           desired section, empty when absent
 * @param reported          reported section, empty when absent
 * @param desiredMetadata   {"leaf": {"timestamp": s}} mirroring {@code desired}
 * @param reportedMetadata  mirroring {@code reported}
 * @param version           incremented by one per accepted update; kept across deletion
 * @param timestamp         epoch seconds of the last update
 */
public record ShadowDocument(ObjectNode desired, ObjectNode reported, ObjectNode desiredMetadata,
                             ObjectNode reportedMetadata, long version, long timestamp) {

    /** Checks that every part is present. */
    public ShadowDocument {
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(reported, "reported");
        Objects.requireNonNull(desiredMetadata, "desiredMetadata");
        Objects.requireNonNull(reportedMetadata, "reportedMetadata");
    }

    /** @return an empty document that has never existed, at version 0. */
    public static ShadowDocument none() {
        final JsonNodeFactory f = JsonNodeFactory.instance;
        return new ShadowDocument(f.objectNode(), f.objectNode(), f.objectNode(), f.objectNode(), 0, 0);
    }

    /** @return fields of {@code desired} that {@code reported} lacks or holds differently. */
    public ObjectNode delta() {
        return ShadowEngine.delta(desired, reported);
    }

    /** @return {"desired": …, "reported": …} with absent sections left out, as the shadow service shows state. */
    public ObjectNode state() {
        final ObjectNode s = JsonNodeFactory.instance.objectNode();
        if (!desired.isEmpty()) {
            s.set("desired", desired.deepCopy());
        }
        if (!reported.isEmpty()) {
            s.set("reported", reported.deepCopy());
        }
        return s;
    }

    /** @return the metadata object matching {@link #state()}. */
    public ObjectNode metadata() {
        final ObjectNode m = JsonNodeFactory.instance.objectNode();
        if (!desiredMetadata.isEmpty()) {
            m.set("desired", desiredMetadata.deepCopy());
        }
        if (!reportedMetadata.isEmpty()) {
            m.set("reported", reportedMetadata.deepCopy());
        }
        return m;
    }
}
