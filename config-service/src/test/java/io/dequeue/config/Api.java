package io.dequeue.config;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** RestAssured requests to the admin API, authenticated with the configured token. */
public final class Api {
    private Api() {
    }

    public static String token() {
        return ConfigProvider.getConfig().getValue("dequeue.admin.token", String.class);
    }

    public static RequestSpecification admin() {
        return RestAssured.given().header("Authorization", "Bearer " + token());
    }

    /** An admin request with a JSON body. */
    public static RequestSpecification json(String body) {
        return admin().contentType("application/json").body(body);
    }

    /** A domain unique to this JVM run, so tests against a shared external cluster do not collide. */
    public static String domain(String label) {
        return label + "-" + RUN + ".example";
    }

    private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36);
}
