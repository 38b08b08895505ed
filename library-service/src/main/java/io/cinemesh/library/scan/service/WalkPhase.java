package io.cinemesh.library.scan.service;

import io.cinemesh.library.scan.repository.ScanSection;
import io.cinemesh.library.section.service.MediaRoot;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Phase 1, <b>walk</b>: every folder of a section (hidden files skipped, symlinks not followed), noting each media
 * file's path under the media root, size and modification time, and the sidecar subtitles beside them. Each
 * folder is watched as it is reached, so nothing copied in during the walk is missed.
 */
@ApplicationScoped
public class WalkPhase {

    private static final Logger LOG = Logger.getLogger(WalkPhase.class);

    static final Set<String> VIDEO = Set.of("mp4", "m4v", "mkv", "mov", "avi", "ts", "m2ts", "webm", "wmv", "mpg",
            "mpeg", "flv", "ogv");
    static final Set<String> AUDIO = Set.of("mp3", "flac", "m4a", "aac", "ogg", "oga", "opus", "wav", "wma", "alac",
            "aiff", "ape", "wv");
    static final Set<String> PHOTO = Set.of("jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff", "heic");
    static final Set<String> SUBTITLES = Set.of("srt", "vtt", "ass", "ssa");

    @Inject
    MediaRoot mediaRoot;
    @Inject
    FolderWatcher folders;

    /** A media file found by the walk. */
    record Walked(String file, Path path, String relativeToLocation, long size, long mtimeMs) {
    }

    /**
     * What a walk found: media files by their path under the root, and sidecar subtitles ({@code {file, ext,
     * language}}) by the path of the media they belong to, without its extension.
     */
    record Found(Map<String, Walked> media, Map<String, List<String[]>> subtitles) {
    }

    /** Empty when a folder of the section is missing: an unmounted share must not look like every file deleted. */
    @WithSpan("scan.walk")
    Optional<Found> walk(ScanSection section) {
        Found found = new Found(new LinkedHashMap<>(), new HashMap<>());
        for (String location : section.locations()) {
            Optional<Path> dir = mediaRoot.resolve(location);
            if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
                LOG.warnf("Section %d folder '%s' is missing; its items are kept until it is back", section.id(),
                        location);
                return Optional.empty();
            }
            walk(section, dir.get(), found);
        }
        return Optional.of(found);
    }

    private void walk(ScanSection section, Path dir, Found found) {
        Set<String> wanted = switch (section.type()) {
            case "movie", "show" -> VIDEO;
            case "artist" -> AUDIO;
            default -> PHOTO;
        };
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.forEach(path -> {
                Path rel = dir.relativize(path);
                for (Path part : rel) {
                    if (part.toString().startsWith(".")) {
                        return;
                    }
                }
                String name = path.getFileName().toString();
                String ext = NameParser.extension(name);
                try {
                    BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (attrs.isDirectory()) {
                        // Registered as it is reached, before its entries are listed: nothing copied in is missed.
                        folders.watch(path, section.id());
                        return;
                    }
                    if (!attrs.isRegularFile()) {
                        return;
                    }
                    String file = mediaRoot.relative(path);
                    if (SUBTITLES.contains(ext) && !section.type().equals("photo")) {
                        // Movie.en.srt belongs to Movie.mp4: key by the video's name without extension.
                        String stem = NameParser.stripExtension(file);
                        String lang = null;
                        String inner = NameParser.extension(stem);
                        if (inner.length() == 2 || inner.length() == 3) {
                            lang = inner;
                            stem = NameParser.stripExtension(stem);
                        }
                        found.subtitles().computeIfAbsent(stem, k -> new ArrayList<>())
                                .add(new String[] {file, ext, lang});
                        return;
                    }
                    if (!wanted.contains(ext)) {
                        return;
                    }
                    if (section.type().equals("photo") || !ArtworkMaker.FOLDER_IMAGES.contains(
                            name.toLowerCase(Locale.ROOT))) {
                        found.media().put(file, new Walked(file, path, rel.toString().replace('\\', '/'),
                                attrs.size(), attrs.lastModifiedTime().toMillis()));
                    }
                } catch (IOException e) {
                    LOG.warnf("Cannot read %s: %s", path, e.getMessage());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("Walking %s stopped early: %s", dir, e.getMessage());
        }
    }
}
