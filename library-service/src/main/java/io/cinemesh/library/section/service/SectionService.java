package io.cinemesh.library.section.service;

import io.cinemesh.library.scan.service.LibraryScanner;
import io.cinemesh.library.section.repository.Section;
import io.cinemesh.library.section.repository.SectionLocation;
import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.tokens.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creating, editing and deleting sections: owner only, validated, audited. */
@ApplicationScoped
public class SectionService {

    static final Map<String, String> TYPES = Map.of("movie", "movie", "1", "movie", "show", "show", "2", "show",
            "artist", "artist", "music", "artist", "8", "artist", "photo", "photo", "13", "photo");
    static final Map<String, String[]> DEFAULTS = Map.of(
            "movie", new String[] {"tv.plex.agents.movie", "Plex Movie"},
            "show", new String[] {"tv.plex.agents.series", "Plex TV Series"},
            "artist", new String[] {"tv.plex.agents.music", "Plex Music"},
            "photo", new String[] {"com.plexapp.agents.none", "Plex Photo Scanner"});

    @Inject
    MediaRoot mediaRoot;
    @Inject
    AuditTrail audit;
    @Inject
    LibraryScanner scanner;

    public record Request(String name, String type, String agent, String scanner, String language,
            List<String> locations) {
    }

    public Uni<Section> create(Caller by, String from, Request r) {
        requireOwner(by);
        if (r.name() == null || r.name().isBlank()) {
            throw new BadRequestException("name is required");
        }
        if (r.type() == null || !TYPES.containsKey(r.type().trim().toLowerCase())) {
            throw new BadRequestException("type must be one of movie, show, artist, photo (got '" + r.type() + "')");
        }
        if (r.locations() == null || r.locations().isEmpty()) {
            throw new BadRequestException("location is required: a folder inside the media root");
        }
        String type = TYPES.get(r.type().trim().toLowerCase());
        List<String> folders = r.locations().stream().map(mediaRoot::locationOf).distinct().toList();
        return Panache.withTransaction(() -> {
            Section s = new Section();
            s.uuid = UUID.randomUUID();
            s.name = r.name().trim();
            s.type = type;
            s.agent = blankOr(r.agent(), DEFAULTS.get(type)[0]);
            s.scanner = blankOr(r.scanner(), DEFAULTS.get(type)[1]);
            s.language = blankOr(r.language(), "en-US");
            s.createdAt = OffsetDateTime.now();
            s.updatedAt = s.createdAt;
            folders.forEach(f -> s.locations.add(location(s, f)));
            return s.<Section>persist().call(saved -> audit.record(by, "section.create", "section:" + saved.id, from,
                    AuditTrail.SUCCESS));
        }).invoke(s -> scanner.request(s.id, s.name));
    }

    public Uni<Section> update(Caller by, String from, long id, Request r) {
        requireOwner(by);
        List<String> folders = r.locations() == null || r.locations().isEmpty() ? null
                : r.locations().stream().map(mediaRoot::locationOf).distinct().toList();
        return Panache.withTransaction(() -> Section.<Section>findById(id).chain(s -> {
            if (s == null) {
                throw new NotFoundException("No library section " + id);
            }
            if (r.name() != null) {
                if (r.name().isBlank()) {
                    throw new BadRequestException("name must not be empty");
                }
                s.name = r.name().trim();
            }
            s.agent = blankOr(r.agent(), s.agent);
            s.scanner = blankOr(r.scanner(), s.scanner);
            s.language = blankOr(r.language(), s.language);
            if (folders != null) {
                s.locations.removeIf(l -> !folders.contains(l.path));
                folders.stream().filter(f -> s.locations.stream().noneMatch(l -> l.path.equals(f)))
                        .forEach(f -> s.locations.add(location(s, f)));
            }
            s.updatedAt = OffsetDateTime.now();
            return audit.record(by, "section.update", "section:" + id, from, AuditTrail.SUCCESS).replaceWith(s);
        })).invoke(s -> {
            if (folders != null) {
                scanner.request(s.id, s.name);
            }
        });
    }

    public Uni<Void> delete(Caller by, String from, long id) {
        requireOwner(by);
        return Panache.withTransaction(() -> Section.<Section>findById(id).chain(s -> {
            if (s == null) {
                throw new NotFoundException("No library section " + id);
            }
            return s.delete().chain(() -> audit.record(by, "section.delete", "section:" + id, from,
                    AuditTrail.SUCCESS));
        }));
    }

    static void requireOwner(Caller by) {
        if (!by.isOwner()) {
            throw new ForbiddenException("Only the server owner can manage library sections");
        }
    }

    private static SectionLocation location(Section s, String path) {
        SectionLocation l = new SectionLocation();
        l.section = s;
        l.path = path;
        return l;
    }

    private static String blankOr(String v, String dflt) {
        return v == null || v.isBlank() ? dflt : v.trim();
    }
}
