package dev.fieldgate.web;

import dev.fieldgate.field.serial.SerialPorts;
import dev.fieldgate.web.auth.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The serial ports present on the box, for the technicians' page. */
@Path("/api/serial-ports")
@Access(Role.TECHNICIAN)
public class SerialPortResource {

    /** @return every serial port the OS lists, with what it says it is. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<SerialPorts.PortInfo> list() {
        return SerialPorts.list();
    }
}
