package dev.fieldgate.shadow;

import java.util.Optional;

/** The local shadow cache, for the web page. */
public interface LocalShadows {

    /** @return the shadow service, empty when shadows are disabled */
    Optional<ShadowService> service();
}
