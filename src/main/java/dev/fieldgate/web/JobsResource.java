package dev.fieldgate.web;

import dev.fieldgate.jobs.JobRecord;
import dev.fieldgate.jobs.JobsService;
import dev.fieldgate.web.auth.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The last adapter rollout by AWS IoT Jobs and its result, and the same rollback by hand. */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.TECHNICIAN)
public class JobsResource {

    private static final Logger LOG = Logger.getLogger(JobsResource.class);

    private final JobsService jobs;

    JobsResource(final JobsService jobs) {
        this.jobs = jobs;
    }

    /** @return the last rollout: job id, state, reason or result, times; {@code rollout: null} when none */
    @GET
    @Path("/rollout")
    @Access(Role.VIEWER)
    public Map<String, Object> lastRollout() {
        final Optional<JobRecord> last = jobs.lastRollout();
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("rollout", last.map(r -> {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("jobId", r.jobId());
            m.put("state", r.state());
            m.put("detail", r.detail());
            m.put("startedAt", r.startedAt());
            m.put("finishedAt", r.finishedAt() == 0 ? null : r.finishedAt());
            m.put("reported", r.reported());
            m.put("canRollBack", "SUCCEEDED".equals(r.state()));
            return m;
        }).orElse(null));
        return out;
    }

    /** Puts back the files the last successful rollout replaced. */
    @POST
    @Path("/rollout/rollback")
    public Response rollBack() {
        try {
            final String message = jobs.rollBackLastRollout();
            LOG.infof("Last adapter rollout rolled back from the web page: %s", message);
            return Response.ok(Map.of("message", message)).build();
        } catch (final IllegalStateException e) {
            return Response.status(Response.Status.CONFLICT).entity(Map.of("error", e.getMessage())).build();
        }
    }
}
