package dev.fieldgate.shadow;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A shadow as kept on disk: the local document and what the last sync with the cloud agreed on.
 *
 * @param device        the downstream device
 * @param name          the shadow name
 * @param document      the local document; after deletion it keeps the version, with empty state
 * @param deleted       true when deleted locally (or by the cloud); versions continue when it is recreated
 * @param cloudVersion  the cloud's version at the last sync, 0 when never synced
 * @param base          the state both sides held at the last sync ({"desired", "reported"}), null when never synced
 * @param syncedLocalVersion  the local version at the last sync
 */
public record StoredShadow(String device, String name, ShadowDocument document, boolean deleted, long cloudVersion,
                           ObjectNode base, long syncedLocalVersion) {

    /** @return true when a sync with the cloud has happened. */
    public boolean synced() {
        return base != null;
    }

    /** @return true when the local copy changed since the last sync (or never synced). */
    public boolean changedSinceSync() {
        return base == null || document.version() != syncedLocalVersion;
    }

    /** @return this shadow with another local document, sync bookkeeping kept. */
    public StoredShadow withDocument(final ShadowDocument newDocument, final boolean nowDeleted) {
        return new StoredShadow(device, name, newDocument, nowDeleted, cloudVersion, base, syncedLocalVersion);
    }
}
