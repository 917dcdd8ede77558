package dev.fieldgate.shadow;

/**
 * An accepted change of a local shadow, told to listeners after it was committed.
 *
 * @param key       the shadow
 * @param origin    who made it
 * @param update    the request as applied; null for a deletion
 * @param previous  the document before
 * @param current   the document after (empty state, same version, for a deletion)
 * @param deleted   true when the shadow was deleted
 */
public record ShadowChange(ShadowKey key, Origin origin, ShadowUpdate update, ShadowDocument previous,
                           ShadowDocument current, boolean deleted) {

    /** Who changed a shadow. */
    public enum Origin {
        /** The gateway itself: reported values from polls, write results. */
        GATEWAY,
        /** A local client: the web page or the plant's MQTT side. */
        LOCAL_CLIENT,
        /** The cloud copy, applied by the sync. */
        CLOUD
    }
}
