package dev.fieldgate.jobs;

/**
 * A job document the gateway knows how to run, validated. The {@code operation} field names the type; one record
 * per type.
 */
public sealed interface JobDocument permits AdapterRolloutDocument, RotateCertificateDocument {

    /** @return the value of the document's {@code operation} field */
    String operation();
}
