package dev.fieldgate.uplink;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;

/**
 * The payload encodings whose stored messages the drainer joins into one publish, told apart by their first
 * byte so that an outbox holding both (the encoding was changed with messages waiting) never mixes them.
 */
enum PayloadFormat {

    /** Telemetry version 1 and every other JSON message: joined as {@code {"v":1,"batch":[…]}}. */
    JSON {
        @Override
        long wrappedSize(final int entries, final long payloadBytes, final boolean backlog) {
            return (backlog ? JSON_HEAD_BACKLOG : JSON_HEAD_LIVE).length + payloadBytes + (entries - 1)
                    + JSON_TAIL.length;
        }

        @Override
        byte[] join(final List<byte[]> payloads, final boolean backlog) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream((int) wrappedSize(payloads.size(),
                    total(payloads), backlog));
            out.writeBytes(backlog ? JSON_HEAD_BACKLOG : JSON_HEAD_LIVE);
            for (int i = 0; i < payloads.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.writeBytes(payloads.get(i));
            }
            out.writeBytes(JSON_TAIL);
            return out.toByteArray();
        }
    },

    /**
     * Telemetry version 2 ({@code fieldgate_telemetry.proto}): every stored message is a whole {@code Publish},
     * and protobuf merges concatenated messages, appending repeated fields; so a batch is the stored bytes one
     * after the other, after {@code backlog: true} for a backlog.
     */
    COMPACT {
        @Override
        long wrappedSize(final int entries, final long payloadBytes, final boolean backlog) {
            return (backlog ? COMPACT_BACKLOG.length : 0) + payloadBytes;
        }

        @Override
        byte[] join(final List<byte[]> payloads, final boolean backlog) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream((int) wrappedSize(payloads.size(),
                    total(payloads), backlog));
            if (backlog) {
                out.writeBytes(COMPACT_BACKLOG);
            }
            payloads.forEach(out::writeBytes);
            return out.toByteArray();
        }
    },

    /** Anything else: published alone, as stored. */
    OTHER {
        @Override
        long wrappedSize(final int entries, final long payloadBytes, final boolean backlog) {
            return payloadBytes;
        }

        @Override
        byte[] join(final List<byte[]> payloads, final boolean backlog) {
            if (payloads.size() != 1) {
                throw new IllegalArgumentException("messages of an unknown encoding go out alone");
            }
            return payloads.get(0);
        }
    };

    private static final byte[] JSON_HEAD_LIVE = "{\"v\":1,\"batch\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_HEAD_BACKLOG = "{\"v\":1,\"backlog\":true,\"batch\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_TAIL = "]}".getBytes(StandardCharsets.US_ASCII);
    /** Field numbers of {@code fieldgate.telemetry.v2.Publish}. */
    private static final int VERSION_FIELD = 1;
    private static final int BACKLOG_FIELD = 2;
    private static final int COMPRESSION_FIELD = 3;
    private static final int COMPRESSED_FIELD = 4;
    private static final int COMPACT_VERSION = 2;
    private static final int DEFLATE = 1;
    /**
     * {@code Publish{version: 2, backlog: true}}: field 1, varint 2; field 2, varint 1. The version comes first
     * again, so that every compact publish starts with 0x08 0x02 and can be told from JSON by its first bytes
     * (a repeated scalar merges to the same value).
     */
    private static final byte[] COMPACT_BACKLOG = {(byte) (VERSION_FIELD << 3), COMPACT_VERSION,
        (byte) (BACKLOG_FIELD << 3), 1};

    /**
     * @param entries       messages joined
     * @param payloadBytes  their stored bytes together
     * @param backlog       whether the publish is marked as backlog
     * @return the size of the joined publish
     */
    abstract long wrappedSize(int entries, long payloadBytes, boolean backlog);

    /**
     * @param payloads  stored payloads of this format, oldest first
     * @param backlog   whether to mark the publish as backlog
     * @return one payload carrying them all
     */
    abstract byte[] join(List<byte[]> payloads, boolean backlog);

    /**
     * @param payload a stored payload
     * @return its format
     */
    static PayloadFormat of(final byte[] payload) {
        if (payload.length > 1 && payload[0] == (byte) (VERSION_FIELD << 3) && payload[1] == COMPACT_VERSION) {
            return COMPACT;
        }
        return payload.length > 0 && payload[0] == '{' ? JSON : OTHER;
    }

    /**
     * Deflates a compact publish: {@code Publish{version: 2, backlog, compression: DEFLATE, compressed: …}}.
     *
     * @param publish   a compact publish
     * @param backlog   repeated outside, so that it can be read without inflating
     * @param deflater  a raw ({@code nowrap}) deflater of the calling thread, reset here before use
     * @return the compressed publish, or {@code publish} itself when compressing does not make it smaller
     */
    static byte[] deflated(final byte[] publish, final boolean backlog, final Deflater deflater) {
        deflater.reset();
        deflater.setInput(publish);
        deflater.finish();
        final ByteArrayOutputStream deflated = new ByteArrayOutputStream(publish.length / 2 + 64);
        final byte[] chunk = new byte[Math.min(64 * 1024, publish.length + 64)];
        while (!deflater.finished()) {
            deflated.write(chunk, 0, deflater.deflate(chunk));
        }
        final byte[] compressed = deflated.toByteArray();
        final int size = CodedOutputStream.computeUInt32Size(VERSION_FIELD, COMPACT_VERSION)
                + (backlog ? CodedOutputStream.computeBoolSize(BACKLOG_FIELD, true) : 0)
                + CodedOutputStream.computeEnumSize(COMPRESSION_FIELD, DEFLATE)
                + CodedOutputStream.computeByteArraySize(COMPRESSED_FIELD, compressed);
        if (size >= publish.length) {
            return publish;
        }
        final byte[] out = new byte[size];
        final CodedOutputStream coded = CodedOutputStream.newInstance(out);
        try {
            coded.writeUInt32(VERSION_FIELD, COMPACT_VERSION);
            if (backlog) {
                coded.writeBool(BACKLOG_FIELD, true);
            }
            coded.writeEnum(COMPRESSION_FIELD, DEFLATE);
            coded.writeByteArray(COMPRESSED_FIELD, compressed);
            coded.checkNoSpaceLeft();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static long total(final List<byte[]> payloads) {
        long total = 0;
        for (final byte[] p : payloads) {
            total += p.length;
        }
        return total;
    }
}
