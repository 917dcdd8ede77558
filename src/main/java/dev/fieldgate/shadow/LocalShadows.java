package dev.fieldgate.shadow;

import java.util.Optional;

/** The local shadow cache, for the web page, and the thing names of the devices, for commands and tunnels. */
public interface LocalShadows {

    /** @return the thing names of the gateway and its devices (valid from the shadows' start slot on) */
    ThingNames things();

    /** @return the shadow service, empty when shadows are disabled */
    Optional<ShadowService> service();
}
