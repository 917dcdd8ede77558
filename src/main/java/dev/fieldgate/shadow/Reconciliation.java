package dev.fieldgate.shadow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of reconciling a local and a cloud shadow state: the merged state and which side needs it.
 *
 * @param merged        {"desired", "reported"} both sides should hold
 * @param localUpdate   the update that brings the local copy there, empty when it already is
 * @param cloudUpdate   the update that brings the cloud copy there, empty when it already is
 */
public record Reconciliation(ObjectNode merged, ObjectNode localUpdate, ObjectNode cloudUpdate) {

    /**
     * Merges {@code desired} with the cloud as owner and {@code reported} with the gateway as owner.
     *
     * @param local  local state {"desired", "reported"}
     * @param cloud  cloud state
     * @param base   state at the last sync, or null when never synced
     */
    public static Reconciliation of(final ObjectNode local, final ObjectNode cloud, final ObjectNode base) {
        final ObjectNode merged = JsonNodeFactory.instance.objectNode();
        section(merged, "desired", local, cloud, base, ThreeWayMerge.Owner.CLOUD);
        section(merged, "reported", local, cloud, base, ThreeWayMerge.Owner.LOCAL);
        return new Reconciliation(merged, JsonTrees.diff(local, merged), JsonTrees.diff(cloud, merged));
    }

    private static void section(final ObjectNode out, final String name, final ObjectNode local, final ObjectNode cloud,
                                final ObjectNode base, final ThreeWayMerge.Owner owner) {
        final ObjectNode merged = ThreeWayMerge.merge(JsonTrees.objectOrEmpty(local.get(name)),
                JsonTrees.objectOrEmpty(cloud.get(name)), base == null ? null : JsonTrees.objectOrEmpty(base.get(name)),
                owner);
        if (!merged.isEmpty()) {
            out.set(name, merged);
        }
    }
}
