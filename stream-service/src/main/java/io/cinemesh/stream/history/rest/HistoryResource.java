package io.cinemesh.stream.history.rest;

import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.plex.wire.rest.PageRequest;
import io.cinemesh.plex.wire.rest.PlexHeaders;
import io.cinemesh.stream.history.mapping.HistoryMapper;
import io.cinemesh.stream.history.service.HistoryFilter;
import io.cinemesh.stream.history.service.HistoryService;
import io.cinemesh.tokens.ClientAddress;
import io.cinemesh.tokens.CurrentCaller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Play history: {@code /status/sessions/history/all} with PMS's filters ({@code metadataItemID},
 * {@code accountID}, {@code librarySectionID}, {@code viewedAt>} / {@code viewedAt<}, {@code sort=viewedAt[:desc]})
 * and paging; the owner sees everyone's, others their own.
 */
@Path("/status/sessions/history")
public class HistoryResource {

    private static final int MAX_PAGE = 1000;

    @Inject
    CurrentCaller caller;
    @Inject
    HistoryService history;
    @Context
    HttpServerRequest request;
    @Context
    HttpHeaders headers;

    @GET
    @Path("/all")
    public Uni<MediaContainer> all(@QueryParam("metadataItemID") String metadataItemId,
            @QueryParam("accountID") String accountId, @QueryParam("librarySectionID") String sectionId,
            @QueryParam("viewedAt>") String viewedAfter, @QueryParam("viewedAt<") String viewedBefore,
            @QueryParam("sort") String sort,
            @BeanParam PageRequest page) {
        var me = caller.get();
        Paging paging = page.paging();
        Long user = !me.isOwner() ? Long.valueOf(me.userId()) : optionalNumber("accountID", accountId);
        Long item = optionalNumber("metadataItemID", metadataItemId);
        HistoryFilter filter = new HistoryFilter(user, item == null ? null : item.toString(),
                optionalNumber("librarySectionID", sectionId), epoch("viewedAt>", viewedAfter),
                epoch("viewedAt<", viewedBefore), oldestFirst(sort));
        return history.find(filter, paging.start(), paging.limit(MAX_PAGE), PlexHeaders.token(request))
                .map(found -> HistoryMapper.container(found, paging));
    }

    @DELETE
    @Path("/{id}")
    public Uni<MediaContainer> delete(@PathParam("id") String rawId) {
        long id = number("history id", rawId);
        return history.delete(caller.get(), id, ClientAddress.of(headers, request)).replaceWith(new MediaContainer());
    }

    /** PMS sorts by viewedAt, newest first unless asked otherwise. */
    private static boolean oldestFirst(String sort) {
        if (sort == null || sort.isBlank()) {
            return false;
        }
        if (!sort.startsWith("viewedAt")) {
            throw new BadRequestException("History can be sorted by viewedAt or viewedAt:desc");
        }
        return sort.equals("viewedAt") || sort.equals("viewedAt:asc");
    }

    /** A filter's number, or null when the parameter is absent or blank. */
    private static Long optionalNumber(String name, String value) {
        return value == null || value.isBlank() ? null : number(name, value);
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a number, not '" + value + "'");
        }
    }

    private static OffsetDateTime epoch(String name, String value) {
        Long seconds = optionalNumber(name, value);
        return seconds == null ? null : OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds), ZoneOffset.UTC);
    }
}
