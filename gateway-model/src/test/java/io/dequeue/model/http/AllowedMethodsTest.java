package io.dequeue.model.http;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllowedMethodsTest {
    @Path("/api/things")
    public static class Things {
        @GET
        public void list() {
        }

        @DELETE
        @Path("{name}")
        public void delete() {
        }

        @PATCH
        @Path("{name}")
        public void patch() {
        }

        @GET
        @Path("{name}")
        public void get() {
        }

        @PUT
        @Path("/{name}/")
        public void put() {
        }

        @POST
        @Path("{name}/release")
        public void release() {
        }

        public void notAnOperation() {
        }
    }

    public static class NotAResource {
        @GET
        public void get() {
        }
    }

    private final AllowedMethods allowed = AllowedMethods.of(List.of(Things.class, NotAResource.class));

    @Test
    void namesTheMethodsOfThePathsTemplateInTheUsualOrder() {
        assertThat(allowed.forPath("/api/things")).isEqualTo("GET");
        assertThat(allowed.forPath("api/things/")).isEqualTo("GET");
        assertThat(allowed.forPath("/api/things/a.example")).isEqualTo("GET, PUT, PATCH, DELETE");
        assertThat(allowed.forPath("/api/things/a.example/release")).isEqualTo("POST");
    }

    @Test
    void aPathNoResourceHasAllowsNothing() {
        assertThat(allowed.forPath("/api/other")).isEmpty();
        assertThat(allowed.forPath("/api/things/a/b/c")).isEmpty();
        assertThat(allowed.forPath("/")).isEmpty();
    }

    @Test
    void problemTypesAreCheckedWhenDefined() {
        assertThat(ProblemType.UNAUTHORIZED.uri()).isEqualTo("urn:dequeue:problem:unauthorized");
        assertThatThrownBy(() -> new ProblemType("Bad Slug", 400, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProblemType("ok", 200, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
