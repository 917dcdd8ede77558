package dev.fieldgate.uplink;

import java.nio.file.Path;
import java.util.Optional;

/** The upstream session and its drain, for the layers that show them (web, health). */
public interface UplinkService {

    /** @return the session's state, empty until the uplink is built */
    Optional<UplinkStatus> status();

    /** @return why the uplink cannot connect with its settings (bad TLS files, …), or null */
    String configurationError();

    /** @return publishes refused and disconnects by the broker for a quota, since start */
    long throttled();

    /** @return publishes sent and not yet acknowledged */
    int inFlight();

    /** @return false when the drainer thread has died */
    boolean drainerAlive();

    /** @return the upstream limits in force (profile defaults or settings) */
    PublishLimits limits();

    /** @return the client certificate file the session presents, empty until the uplink is built */
    Optional<Path> certificateFile();
}
