package dev.fieldgate.shadow;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated update request.
 *
 * @param state        {"desired": object|null, "reported": object|null}, either may be absent
 * @param version      the version the requester expects, or null to skip the check
 * @param clientToken  echoed in the answers, or null
 */
public record ShadowUpdate(ObjectNode state, Long version, String clientToken) {
}
