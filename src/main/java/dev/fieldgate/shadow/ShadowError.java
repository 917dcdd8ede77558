package dev.fieldgate.shadow;

/**
 * A refused shadow request, with the HTTP-style code and the message text the AWS IoT Device Shadow service
 * uses, so that the same client code handles the local cache and the cloud.
 */
public final class ShadowError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * @param code     400, 404, 409, 413, 429 or 500 as in the shadow service's error documents
     * @param message  the service's message text
     */
    public ShadowError(final int code, final String message) {
        super(message);
        this.code = code;
    }

    /** @return the error code. */
    public int code() {
        return code;
    }

    static ShadowError badRequest(final String message) {
        return new ShadowError(400, message);
    }

    static ShadowError notFound(final String shadowName) {
        return new ShadowError(404, "No shadow exists with name: " + shadowName);
    }

    static ShadowError versionConflict() {
        return new ShadowError(409, "Version conflict");
    }

    static ShadowError tooLarge() {
        return new ShadowError(413, "The payload exceeds the maximum size allowed");
    }
}
