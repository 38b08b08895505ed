package io.cinemesh.stream.history.rest;

import io.cinemesh.events.AuditEvents;
import io.cinemesh.events.Topics;
import io.cinemesh.outbox.EventOutbox;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.Paging;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.plex.wire.rest.PageRequest;
import io.cinemesh.plex.wire.rest.PlexHeaders;
import io.cinemesh.stream.client.LibraryLookup;
import io.cinemesh.stream.history.repository.PlayHistory;
import io.cinemesh.stream.session.service.ItemElements;
import io.cinemesh.stream.session.service.PlaybackService;
import io.cinemesh.tokens.ClientAddress;
import io.cinemesh.tokens.CurrentCaller;
import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Play history: {@code /status/sessions/history/all} with PMS's filters ({@code metadataItemID},
 * {@code accountID}, {@code librarySectionID}, {@code viewedAt>} / {@code viewedAt<}, {@code sort=viewedAt[:desc]})
 * and paging; the owner sees everyone's, others their own.
 */
@Path("/status/sessions/history")
public class HistoryResource {

    private static final Logger LOG = Logger.getLogger(HistoryResource.class);
    private static final int MAX_PAGE = 1000;
    /** More episodes or tracks than this under one item is not a library PMS's clients browse either. */
    private static final int MAX_LEAVES = 20_000;

    @Inject
    CurrentCaller caller;
    @Inject
    EventOutbox outbox;
    @Inject
    LibraryLookup library;
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
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (!me.isOwner()) {
            where.add("userId = :me");
            params.and("me", me.userId());
        } else if (accountId != null && !accountId.isBlank()) {
            where.add("userId = :account");
            params.and("account", number("accountID", accountId));
        }
        String itemKey = metadataItemId == null || metadataItemId.isBlank() ? null
                : Long.toString(number("metadataItemID", metadataItemId));
        if (itemKey != null) {
            where.add("ratingKey in :rks");
        }
        if (sectionId != null && !sectionId.isBlank()) {
            where.add("sectionId = :section");
            params.and("section", number("librarySectionID", sectionId));
        }
        if (viewedAfter != null && !viewedAfter.isBlank()) {
            where.add("viewedAt >= :after");
            params.and("after", epoch("viewedAt>", viewedAfter));
        }
        if (viewedBefore != null && !viewedBefore.isBlank()) {
            where.add("viewedAt <= :before");
            params.and("before", epoch("viewedAt<", viewedBefore));
        }
        Sort order = sort != null && (sort.equals("viewedAt") || sort.equals("viewedAt:asc"))
                ? Sort.ascending("viewedAt", "id") : Sort.descending("viewedAt", "id");
        if (sort != null && !sort.isBlank() && !sort.startsWith("viewedAt")) {
            throw new BadRequestException("History can be sorted by viewedAt or viewedAt:desc");
        }
        String query = String.join(" and ", where);
        Uni<List<String>> keys = itemKey == null ? Uni.createFrom().item(List.of())
                : itemAndLeaves(PlexHeaders.token(request), itemKey);
        return keys.flatMap(rks -> Panache.withSession(() -> {
            if (itemKey != null) {
                params.and("rks", rks);
            }
            var q = where.isEmpty() ? PlayHistory.<PlayHistory>findAll(order)
                    : PlayHistory.<PlayHistory>find(query, order, params);
            Uni<Long> total = q.count();
            int size = paging.limit(MAX_PAGE);
            Uni<List<PlayHistory>> rows = size == 0 ? Uni.createFrom().item(List.of())
                    : q.range(paging.start(), paging.start() + size - 1).list();
            return total.flatMap(t -> rows.map(found -> {
                MediaContainer mc = new MediaContainer();
                for (PlayHistory h : found) {
                    PlexElement item = ItemElements.element(h.itemType, h.ratingKey, h.itemAttrs)
                            .attr("historyKey", "/status/sessions/history/" + h.id)
                            .attr("viewedAt", h.viewedAt.toEpochSecond())
                            .attr("accountID", h.userId);
                    if (h.sectionId != null) {
                        item.attr("librarySectionID", Long.toString(h.sectionId));
                    }
                    mc.add(item);
                }
                return paging.describe(mc, t);
            }));
        }));
    }

    /**
     * A show, season, artist or album stands for its leaves, as in PMS: history rows are written for leaves only.
     * One call to library-service; an item it no longer knows (or cannot answer for right now) still matches its
     * own rows, so history of a removed item stays reachable.
     */
    private Uni<List<String>> itemAndLeaves(String token, String ratingKey) {
        return library.leafKeys(token, ratingKey, MAX_LEAVES).map(leaves -> {
            List<String> all = new ArrayList<>(leaves.size() + 1);
            all.add(ratingKey);
            all.addAll(leaves);
            return all;
        }).onFailure().recoverWithItem(e -> {
            if (!(e instanceof NotFoundException)) {
                LOG.warnf("History for item %s: its leaves are unknown (%s); matching the item alone", ratingKey,
                        e.getMessage());
            }
            return List.of(ratingKey);
        });
    }

    @DELETE
    @Path("/{id}")
    public Uni<MediaContainer> delete(@PathParam("id") String rawId) {
        var me = caller.get();
        long id = number("history id", rawId);
        String from = ClientAddress.of(headers, request);
        String traceId = Span.current().getSpanContext().getTraceId();
        return Panache.withTransaction(() -> PlayHistory.<PlayHistory>findById(id).flatMap(h -> {
            if (h == null || (!me.isOwner() && h.userId != me.userId())) {
                throw new NotFoundException("No such history entry");
            }
            return PlayHistory.delete("id", id).chain(() -> outbox.stage(Topics.AUDIT, AuditEvents.record(
                    PlaybackService.SOURCE, Long.toString(me.userId()), me.name(), "history.delete", "history:" + id,
                    from, "success", traceId)));
        })).replaceWith(new MediaContainer());
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a number, not '" + value + "'");
        }
    }

    private static OffsetDateTime epoch(String name, String value) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(number(name, value)), ZoneOffset.UTC);
    }
}
