package dev.fieldgate.web;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The web resources, open to reflection in the native executable: {@link WebAccessFilter} finds each request's
 * {@link Access} rule through {@code ResourceInfo.getResourceMethod()}, which looks the method up by reflection.
 * Without this every API request failed there with {@code NoSuchMethodException} (found by running the native
 * executable: {@code bench/native.sh}). {@code ResourceReflectionTest} fails when a resource is missing here.
 */
@RegisterForReflection(targets = {AccountResource.class, AdapterResource.class, DeviceResource.class,
        DiagnosticsResource.class, JobsResource.class, ProfileResource.class, RefusedResource.class, SerialPortResource.class,
        SessionResource.class, ShadowResource.class, StatusResource.class})
final class ResourceReflection {

    private ResourceReflection() {
    }
}
