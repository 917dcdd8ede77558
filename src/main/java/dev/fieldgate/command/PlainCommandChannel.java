package dev.fieldgate.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fieldgate.field.Device;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Commands on {@code cmd/fieldgate/{gateway}/{device}/req}, replies on {@code …/res} or on the topic the
 * request names (payload {@code res-topic}, or the MQTT 5 Response Topic) — following the AWS topic-design
 * guidance for commands.
 */
final class PlainCommandChannel implements CommandChannel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String[] requestLevels;
    private final int deviceLevel;
    private final String replyTemplate;

    /**
     * @param requestTemplate  e.g. cmd/fieldgate/{gateway}/{device}/req
     * @param replyTemplate    e.g. cmd/fieldgate/{gateway}/{device}/res
     * @param gatewayId        replaces {gateway}
     * @throws IllegalArgumentException when {device} is not one whole level of the request template
     */
    PlainCommandChannel(final String requestTemplate, final String replyTemplate, final String gatewayId) {
        this.requestLevels = requestTemplate.replace("{gateway}", gatewayId).split("/", -1);
        int at = -1;
        for (int i = 0; i < requestLevels.length; i++) {
            if (requestLevels[i].equals("{device}")) {
                if (at >= 0) {
                    throw new IllegalArgumentException("command topic '" + requestTemplate + "' holds {device} twice");
                }
                at = i;
            } else if (requestLevels[i].contains("{") || requestLevels[i].contains("+") || requestLevels[i].contains("#")
                    || requestLevels[i].isEmpty()) {
                throw new IllegalArgumentException("command topic '" + requestTemplate + "': level '" + requestLevels[i]
                        + "' is not allowed");
            }
        }
        if (at < 0) {
            throw new IllegalArgumentException("command topic '" + requestTemplate + "' must hold {device} as a whole level");
        }
        if (!replyTemplate.contains("{device}")) {
            throw new IllegalArgumentException("reply topic '" + replyTemplate + "' must hold {device}");
        }
        this.deviceLevel = at;
        this.replyTemplate = replyTemplate.replace("{gateway}", gatewayId);
    }

    @Override
    public String filter() {
        final String[] f = requestLevels.clone();
        f[deviceLevel] = "+";
        return String.join("/", f);
    }

    @Override
    public Optional<Address> address(final String topic) {
        final String[] t = topic.split("/", -1);
        if (t.length != requestLevels.length) {
            return Optional.empty();
        }
        for (int i = 0; i < t.length; i++) {
            if (i != deviceLevel && !t[i].equals(requestLevels[i])) {
                return Optional.empty();
            }
        }
        final String device = t[deviceLevel];
        if (!Device.ID_PATTERN.matcher(device).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Address(device, null, replyTemplate.replace("{device}", device), true));
    }

    @Override
    public byte[] reply(final String device, final String sessionId, final CommandRequest request,
                        final CommandOutcome outcome) {
        final ObjectNode o = JSON.createObjectNode();
        if (sessionId != null) {
            o.put("session-id", sessionId);
        } else {
            o.putNull("session-id");
        }
        o.put("device", device);
        if (request != null) {
            o.put("op", request.op().wireName());
        }
        o.put("status", outcome.status().name());
        if (outcome.result() != null) {
            o.set("result", outcome.result());
        }
        if (outcome.code() != null) {
            o.putObject("error").put("code", outcome.code()).put("message", outcome.message());
        }
        o.put("at", System.currentTimeMillis());
        try {
            return JSON.writeValueAsBytes(o);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks a reply topic a request asked for: under {@code cmd/}, no wildcards, within the AWS topic limits.
     * The gateway never publishes into telemetry or reserved topics on a requester's word.
     *
     * @throws CommandException INVALID_REQUEST naming the problem
     */
    static String checkReplyTopic(final String topic) {
        final int bytes = topic.getBytes(StandardCharsets.UTF_8).length;
        if (!topic.startsWith("cmd/") || topic.contains("+") || topic.contains("#") || topic.contains("\u0000")
                || bytes > 256 || topic.chars().filter(c -> c == '/').count() > 7 || topic.endsWith("/")) {
            throw CommandException.invalid("res-topic '" + topic + "' must start with cmd/, hold no wildcards, and "
                    + "have at most 8 levels and 256 bytes");
        }
        return topic;
    }
}
