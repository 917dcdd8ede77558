package dev.fieldgate.web;

import dev.fieldgate.field.AdapterService;
import dev.fieldgate.web.auth.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The device profiles a technician can pick for a Modbus device. */
@Path("/api/profiles")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.VIEWER)
public class ProfileResource {

    private final AdapterService field;

    ProfileResource(final AdapterService field) {
        this.field = field;
    }

    /** @return the profile names. */
    @GET
    public List<String> names() {
        return field.profileNames();
    }
}
