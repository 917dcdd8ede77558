package dev.fieldgate.command;

import java.util.Optional;

/** Where commands arrive and how replies look: the plain command topics or the AWS IoT commands feature. */
interface CommandChannel {

    /**
     * Who a request topic addresses.
     *
     * @param device          the device id the topic names
     * @param sessionId       a session id the topic itself carries (AWS execution id), or null
     * @param replyTopic      where the reply goes by default
     * @param replyOverride   whether the request may name another reply topic
     */
    record Address(String device, String sessionId, String replyTopic, boolean replyOverride) {
    }

    /** @return the subscription filter, one for every device. */
    String filter();

    /** @return the address of a request topic, empty when the topic is not one of this gateway's devices. */
    Optional<Address> address(String topic);

    /**
     * @param request  the parsed request, null when it could not be parsed
     * @return the reply payload
     */
    byte[] reply(String device, String sessionId, CommandRequest request, CommandOutcome outcome);
}
