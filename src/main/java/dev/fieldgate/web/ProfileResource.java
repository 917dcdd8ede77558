package dev.fieldgate.web;

import dev.fieldgate.Gateway;
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

    private final Gateway gateway;

    ProfileResource(final Gateway gateway) {
        this.gateway = gateway;
    }

    /** @return the profile names. */
    @GET
    public List<String> names() {
        return gateway.profileNames();
    }
}
