package io.dequeue.model.http.openapi;

import io.dequeue.model.http.Problem;
import io.dequeue.model.http.Problems;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.List;
import java.util.Map;

/**
 * Completes the OpenAPI document of an admin API (set as {@code mp.openapi.filter}): the bearer
 * security scheme {@value #SCHEME} required by every operation; on every operation the 401 of a
 * missing or wrong token and the 500 of an unexpected failure; every error response without content
 * gets the {@code Problem} schema as {@code application/problem+json}, a 401 its
 * {@code WWW-Authenticate} header and a 503 its {@code Retry-After} header. Resources document
 * the statuses that only some operations answer.
 */
public class AdminApiDocumentation implements OASFilter {
    /** The name of the bearer security scheme. */
    public static final String SCHEME = "adminToken";
    /** The name of the problem schema; the service's definition registers {@link Problem} under it. */
    public static final String PROBLEM_SCHEMA = "Problem";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(OASFactory.createComponents());
        }
        if (api.getComponents().getSchemas() == null || !api.getComponents().getSchemas().containsKey(PROBLEM_SCHEMA)) {
            throw new IllegalStateException("the OpenAPI definition must register " + Problem.class.getName()
                    + " as the schema " + PROBLEM_SCHEMA);
        }
        api.getComponents().addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description("The admin token (DEQUEUE_ADMIN_TOKEN or DEQUEUE_ADMIN_TOKEN_FILE): "
                        + "Authorization: Bearer <token>."));
        api.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(SCHEME)));
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : api.getPaths().getPathItems().values()) {
            for (Operation op : item.getOperations().values()) {
                complete(op);
            }
        }
    }

    private static void complete(Operation op) {
        APIResponses responses = op.getResponses() == null ? OASFactory.createAPIResponses() : op.getResponses();
        op.setResponses(responses);
        if (!responses.hasAPIResponse("401")) {
            responses.addAPIResponse("401", OASFactory.createAPIResponse()
                    .description("No admin token, or a wrong one."));
        }
        if (!responses.hasAPIResponse("500")) {
            responses.addAPIResponse("500", OASFactory.createAPIResponse()
                    .description("An unexpected failure; the service log has the details, the answer none."));
        }
        for (Map.Entry<String, APIResponse> e : responses.getAPIResponses().entrySet()) {
            String code = e.getKey();
            APIResponse r = e.getValue();
            if (!code.startsWith("4") && !code.startsWith("5")) {
                continue;
            }
            if (r.getContent() == null || r.getContent().getMediaTypes() == null || r.getContent().getMediaTypes().isEmpty()) {
                r.setContent(problemContent());
            }
            if (code.equals("401") && (r.getHeaders() == null || !r.getHeaders().containsKey("WWW-Authenticate"))) {
                r.addHeader("WWW-Authenticate", OASFactory.createHeader()
                        .description("Bearer realm=\"dequeue\", with error=\"invalid_token\" for a wrong token.")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
            }
            if (code.equals("503") && (r.getHeaders() == null || !r.getHeaders().containsKey("Retry-After"))) {
                r.addHeader("Retry-After", OASFactory.createHeader()
                        .description("Seconds to wait before trying again (" + Problems.RETRY_AFTER_SECONDS + ").")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
            }
        }
    }

    private static Content problemContent() {
        MediaType problem = OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA));
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, problem);
    }
}
