package dev.fieldgate.shadow;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The local shadow cache: get, update and delete with the Device Shadow service's rules, available whether
 * or not the cloud is reachable. Changes are committed to H2 before listeners hear of them.
 * Thread-safe: one change at a time.
 */
public final class ShadowService {

    private final ShadowStore store;
    private final ShadowLimits limits;
    private final Predicate<String> knownDevice;
    private final List<Consumer<ShadowChange>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param store        where shadows live
     * @param limits       the size and depth limits
     * @param knownDevice  true for the ids of devices this gateway serves; shadows exist only for them
     */
    public ShadowService(final ShadowStore store, final ShadowLimits limits, final Predicate<String> knownDevice) {
        this.store = Objects.requireNonNull(store, "store");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.knownDevice = Objects.requireNonNull(knownDevice, "knownDevice");
    }

    /** Registers a listener told of each committed change, on the changing thread; it must be quick. */
    public void onChange(final Consumer<ShadowChange> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @return the document. @throws ShadowError 400 for a bad name, 404 when there is none */
    public synchronized ShadowDocument get(final ShadowKey key) {
        check(key);
        return store.load(key.device(), key.name()).filter(s -> !s.deleted()).map(StoredShadow::document)
                .orElseThrow(() -> ShadowError.notFound(key.name()));
    }

    /**
     * Parses and applies an update request.
     *
     * @return the change made
     * @throws ShadowError 400, 409 or 413 as the shadow service answers
     */
    public ShadowChange update(final ShadowKey key, final byte[] request, final ShadowChange.Origin origin) {
        return update(key, ShadowEngine.parseUpdate(request, limits), origin);
    }

    /**
     * Applies a validated update.
     *
     * @return the change made
     * @throws ShadowError 400 for a bad name, 409 or 413
     */
    public ShadowChange update(final ShadowKey key, final ShadowUpdate update, final ShadowChange.Origin origin) {
        final ShadowChange change;
        synchronized (this) {
            check(key);
            final StoredShadow stored = store.load(key.device(), key.name()).orElse(null);
            final ShadowDocument previous = stored == null ? ShadowDocument.none()
                    : stored.deleted() ? emptyAt(stored.document().version()) : stored.document();
            final ShadowDocument current = ShadowEngine.apply(previous, update, System.currentTimeMillis() / 1000, limits);
            store.save(stored == null ? new StoredShadow(key.device(), key.name(), current, false, 0, null, 0)
                    : stored.withDocument(current, false));
            change = new ShadowChange(key, origin, update, previous, current, false);
        }
        listeners.forEach(l -> l.accept(change));
        return change;
    }

    /**
     * Deletes a shadow; its version is kept so that a new one continues from it, as in the cloud.
     *
     * @return the change made
     * @throws ShadowError 404 when there is none
     */
    public ShadowChange delete(final ShadowKey key, final ShadowChange.Origin origin) {
        final ShadowChange change;
        synchronized (this) {
            check(key);
            final StoredShadow stored = store.load(key.device(), key.name()).filter(s -> !s.deleted())
                    .orElseThrow(() -> ShadowError.notFound(key.name()));
            final ShadowDocument empty = emptyAt(stored.document().version());
            store.save(stored.withDocument(empty, true));
            change = new ShadowChange(key, origin, null, stored.document(), empty, true);
        }
        listeners.forEach(l -> l.accept(change));
        return change;
    }

    /** @return what is stored for the shadow, deleted or not, with its sync bookkeeping. */
    public synchronized java.util.Optional<StoredShadow> stored(final ShadowKey key) {
        return store.load(key.device(), key.name());
    }

    /** @return the keys of every stored shadow. */
    public synchronized List<ShadowKey> keys() {
        return store.keys();
    }

    /**
     * Records what a sync with the cloud agreed on: the cloud's version and the state both sides held.
     *
     * @param localVersion  the local version the agreed state belongs to
     * @param base          the agreed state, or null when the shadow exists on neither side
     * @return false when the local shadow moved on meanwhile and must be pushed again
     */
    public synchronized boolean recordSync(final ShadowKey key, final long localVersion, final long cloudVersion,
                                           final ObjectNode base) {
        final StoredShadow s = store.load(key.device(), key.name()).orElse(null);
        if (s == null) {
            return true;
        }
        store.save(new StoredShadow(key.device(), key.name(), s.document(), s.deleted(), cloudVersion, base,
                localVersion));
        return s.document().version() == localVersion;
    }

    private void check(final ShadowKey key) {
        if (!ShadowKey.NAME.matcher(key.name()).matches()) {
            throw ShadowError.badRequest("Invalid shadow name: must be 1-64 of A-Z a-z 0-9 : _ -");
        }
        if (!knownDevice.test(key.device())) {
            throw ShadowError.notFound(key.name() + " (no device '" + key.device() + "' on this gateway)");
        }
    }

    private static ShadowDocument emptyAt(final long version) {
        final ShadowDocument none = ShadowDocument.none();
        return new ShadowDocument(none.desired(), none.reported(), none.desiredMetadata(), none.reportedMetadata(),
                version, System.currentTimeMillis() / 1000);
    }
}
