package io.cinemesh.users.rest;

import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.plex.wire.PlexRenderer;
import io.cinemesh.tokens.PublicEndpoint;
import io.cinemesh.users.service.RequestInfo;
import io.cinemesh.users.service.SigninService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * plex.tv's old sign-in, which older clients and scripts still use: {@code POST /users/sign_in.json} (or
 * {@code .xml}) with HTTP Basic {@code login:password} and the {@code X-Plex-*} headers. Same checks, throttle and
 * audit as {@code /api/v2/users/signin}; only the answer's shape differs: {@code {"user":{…,"authToken":…}}}.
 */
@Path("/users")
@Tag(name = "Sign-in")
public class LegacySigninResource {

    @Inject
    SigninService signins;

    @POST
    @Path("/sign_in.json")
    @PublicEndpoint
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign in with HTTP Basic login:password; answers {\"user\":{…,\"authToken\":…}}")
    public Uni<Response> json(@Context HttpHeaders headers, @Context HttpServerRequest request) {
        return signin(headers, request, in -> {
            Map<String, Object> user = UserJson.of(in.account(), in.token());
            // The old API's name for the same token.
            user.put("authentication_token", in.token());
            return Response.status(201).type(MediaType.APPLICATION_JSON).entity(Map.of("user", user)).build();
        });
    }

    @POST
    @Path("/sign_in.xml")
    @PublicEndpoint
    @Produces(MediaType.TEXT_XML)
    @Operation(summary = "The same, answering <user authenticationToken=\"…\" …/>")
    public Uni<Response> xml(@Context HttpHeaders headers, @Context HttpServerRequest request) {
        return signin(headers, request, in -> {
            PlexElement user = PlexElement.of("user");
            UserJson.of(in.account(), in.token()).forEach(user::attr);
            user.attr("authenticationToken", in.token());
            return Response.status(201).type(PlexRenderer.XML).entity(PlexRenderer.toString(user, false)).build();
        });
    }

    private Uni<Response> signin(HttpHeaders headers, HttpServerRequest request,
            java.util.function.Function<SigninService.SignedIn, Response> ok) {
        String[] credentials = basic(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        return SigninResource.answer(signins.signin(credentials[0], credentials[1],
                RequestInfo.of(headers, request)), ok);
    }

    /** {login, password} from {@code Authorization: Basic …}. */
    static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new NotAuthorizedException("HTTP Basic credentials (login:password) are required",
                    "Basic realm=\"Cinemesh\"");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("the Authorization header is not valid base64 of login:password");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new BadRequestException("the Authorization header must carry login:password");
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }
}
