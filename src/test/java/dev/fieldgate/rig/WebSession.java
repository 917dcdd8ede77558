package dev.fieldgate.rig;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** A signed-in browser session against the page's API: the session cookie and the CSRF token. */
public final class WebSession {

    private final String baseUri;
    private final String cookie;
    private final String csrf;

    private WebSession(final String baseUri, final String cookie, final String csrf) {
        this.baseUri = baseUri;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    /** Signs in to the gateway under test. @throws AssertionError when refused */
    public static WebSession signIn(final String name, final String password) {
        return opened(null, given().contentType("application/json").body(Map.of("name", name, "password", password))
                .post("/api/session"));
    }

    /**
     * Creates the first administrator of a packaged gateway with the setup code it logged, and signs in.
     *
     * @param baseUri   the gateway's page, {@code http://localhost:<port>}
     * @param setupCode the one-time code from its log
     */
    public static WebSession setUp(final String baseUri, final String setupCode, final String name, final String password) {
        return opened(baseUri, given().baseUri(baseUri).contentType("application/json")
                .body(Map.of("code", setupCode, "name", name, "password", password)).post("/api/setup"));
    }

    /**
     * Waits for a packaged gateway's page and its setup code, then creates the administrator "admin" and signs in.
     *
     * @param webPort the gateway's {@code quarkus.http.port}
     */
    public static WebSession firstAdmin(final GatewayProcess gateway, final int webPort) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> gateway.setupCode() != null && gateway.output().contains("Listening on:"));
        return setUp("http://localhost:" + webPort, gateway.setupCode(), "admin", "admin-password-12");
    }

    private static WebSession opened(final String baseUri, final Response r) {
        if (r.statusCode() != 200) {
            throw new AssertionError("sign-in refused: " + r.statusCode() + " " + r.asString());
        }
        return new WebSession(baseUri, r.getCookie("fieldgate_session"), r.jsonPath().getString("csrf"));
    }

    /** @return a request with the session cookie and the CSRF header. */
    public RequestSpecification request() {
        return withoutCsrf().header("X-CSRF-Token", csrf);
    }

    /** @return a request with the session cookie but without the CSRF header, as a forged request would be. */
    public RequestSpecification withoutCsrf() {
        final RequestSpecification spec = given().cookie("fieldgate_session", cookie);
        return baseUri == null ? spec : spec.baseUri(baseUri);
    }
}
