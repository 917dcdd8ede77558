package dev.fieldgate.util;

import java.util.concurrent.CompletionException;

/** Small helpers for CompletableFuture outcomes. */
public final class Futures {

    private Futures() {
    }

    /** @return the failure a future completed with, without the CompletionException that may wrap it. */
    public static Throwable cause(final Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
