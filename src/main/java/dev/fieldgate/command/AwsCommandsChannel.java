package dev.fieldgate.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.function.Function;

/**
 * The AWS IoT Device Management commands feature: executions arrive on
 * {@code $aws/commands/things/<thing>/executions/<executionId>/request/json} and are answered on
 * {@code …/<executionId>/response/json} with {@code status}, {@code statusReason} and {@code result}.
 * The execution id is the session id.
 */
final class AwsCommandsChannel implements CommandChannel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Optional<String>> deviceOfThing;

    /** @param deviceOfThing  the device a thing name stands for, empty when it is none of this gateway's */
    AwsCommandsChannel(final Function<String, Optional<String>> deviceOfThing) {
        this.deviceOfThing = deviceOfThing;
    }

    @Override
    public String filter() {
        return "$aws/commands/things/+/executions/+/request/json";
    }

    @Override
    public Optional<Address> address(final String topic) {
        final String[] t = topic.split("/", -1);
        if (t.length != 8 || !"$aws".equals(t[0]) || !"commands".equals(t[1]) || !"things".equals(t[2])
                || !"executions".equals(t[4]) || !"request".equals(t[6]) || !"json".equals(t[7])
                || !CommandParser.SESSION_ID.matcher(t[5]).matches()) {
            return Optional.empty();
        }
        return deviceOfThing.apply(t[3]).map(device -> new Address(device, t[5],
                "$aws/commands/things/" + t[3] + "/executions/" + t[5] + "/response/json", false));
    }

    @Override
    public byte[] reply(final String device, final String sessionId, final CommandRequest request,
                        final CommandOutcome outcome) {
        final ObjectNode o = JSON.createObjectNode();
        o.put("status", outcome.status().name());
        if (outcome.code() != null) {
            final String description = outcome.message().length() > 1024 ? outcome.message().substring(0, 1024)
                    : outcome.message();
            o.putObject("statusReason").put("reasonCode", outcome.code()).put("reasonDescription", description);
        }
        if (outcome.result() != null) {
            // the feature's result values are typed leaves; the whole result travels as one JSON string
            o.putObject("result").putObject("fieldgate").put("s", outcome.result().toString());
        }
        try {
            return JSON.writeValueAsBytes(o);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
