package io.cinemesh.library.section.rest;

import io.cinemesh.library.scan.service.LibraryScanner;
import io.cinemesh.library.scan.service.ScanTracker;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /activities}: what the server is busy with. python-plexapi polls it until it is empty. Scans run by this
 * replica carry their progress; scans other replicas run show up through their section locks.
 */
@Path("/activities")
public class ActivitiesResource {

    @Inject
    ScanTracker tracker;
    @Inject
    LibraryScanner scanner;

    @GET
    public Uni<MediaContainer> activities() {
        return scanner.scanningSections().map(scanning -> {
            MediaContainer mc = new MediaContainer();
            Set<Long> shown = new java.util.HashSet<>();
            for (ScanTracker.Progress p : tracker.active()) {
                shown.add(p.sectionId);
                mc.add(activity(p.uuid, p.sectionId, "Scanning " + p.sectionTitle, p.phase, p.percent()));
            }
            for (Long id : scanning) {
                if (shown.add(id)) {
                    mc.add(activity(UUID.nameUUIDFromBytes(("scan-" + id).getBytes()), id, "Scanning section " + id,
                            "running on another replica", 0));
                }
            }
            return mc;
        });
    }

    private static PlexElement activity(UUID uuid, long sectionId, String title, String subtitle, int progress) {
        return PlexElement.of("Activity").attr("uuid", uuid.toString()).attr("type", "library.update.section")
                .attr("cancellable", false).attr("userID", 1).attr("title", title).attr("subtitle", subtitle)
                .attr("progress", progress)
                .add(PlexElement.of("Context").attr("librarySectionID", Long.toString(sectionId)));
    }
}
