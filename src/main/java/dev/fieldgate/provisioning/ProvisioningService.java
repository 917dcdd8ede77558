package dev.fieldgate.provisioning;

import java.util.Optional;

/** What fleet provisioning is doing, for the status page. */
public interface ProvisioningService {

    /** @return the provisioning state in words, empty when provisioning by claim is not in use */
    Optional<String> status();
}
