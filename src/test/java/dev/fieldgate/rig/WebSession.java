package dev.fieldgate.rig;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** A signed-in browser session against the page's API: the session cookie and the CSRF token. */
public final class WebSession {

    private final String cookie;
    private final String csrf;

    private WebSession(final String cookie, final String csrf) {
        this.cookie = cookie;
        this.csrf = csrf;
    }

    /** Signs in. @throws AssertionError when refused */
    public static WebSession signIn(final String name, final String password) {
        final Response r = given().contentType("application/json").body(Map.of("name", name, "password", password))
                .post("/api/session");
        if (r.statusCode() != 200) {
            throw new AssertionError("sign-in refused: " + r.statusCode() + " " + r.asString());
        }
        return new WebSession(r.getCookie("fieldgate_session"), r.jsonPath().getString("csrf"));
    }

    /** @return a request with the session cookie and the CSRF header. */
    public RequestSpecification request() {
        return given().cookie("fieldgate_session", cookie).header("X-CSRF-Token", csrf);
    }

    /** @return a request with the session cookie but without the CSRF header, as a forged request would be. */
    public RequestSpecification withoutCsrf() {
        return given().cookie("fieldgate_session", cookie);
    }
}
