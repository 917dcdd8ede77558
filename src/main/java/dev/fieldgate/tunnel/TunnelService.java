package dev.fieldgate.tunnel;

import java.util.Map;

/** Open secure tunnels, for the status page. */
public interface TunnelService {

    /** @return open tunnels (thing → protocol version), empty when tunnels are off */
    Map<String, Integer> tunnels();
}
