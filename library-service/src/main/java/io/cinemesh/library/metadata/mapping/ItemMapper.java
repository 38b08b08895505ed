package io.cinemesh.library.metadata.mapping;

import io.cinemesh.library.metadata.repository.ItemRow;
import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Items as Plex clients read them (plex-protocol.md 7.3/7.4): exact tags and types, ids as strings, counters
 * omitted when zero, {@code Guid} only when asked for.
 */
public final class ItemMapper {

    public static final String IDENTIFIER = "com.plexapp.plugins.library";
    public static final String MEDIA_TAG_PREFIX = "/system/bundle/media/flags/";

    private ItemMapper() {
    }

    /** Options of one rendering. */
    public record Options(boolean includeGuids, boolean withStreams, Path mediaRoot) {
    }

    public static MediaContainer container() {
        return new MediaContainer().attr("allowSync", false).attr("identifier", IDENTIFIER)
                .attr("mediaTagPrefix", MEDIA_TAG_PREFIX).attr("mediaTagVersion", 1);
    }

    /**
     * The entries of a playlist or play queue, each {entry id, item id}, in their order, each item carrying its
     * entry's id as {@code entryAttribute} ({@code playlistItemID}, {@code playQueueItemID}); an entry whose item
     * was not loaded (gone, or not visible to the caller) is left out.
     */
    public static void addEntries(MediaContainer mc, List<long[]> entries, List<ItemRow> loaded, Options o,
            String entryAttribute) {
        Map<Long, ItemRow> byId = new HashMap<>();
        loaded.forEach(r -> byId.put(r.id, r));
        for (long[] e : entries) {
            ItemRow r = byId.get(e[1]);
            if (r != null) {
                mc.add(render(r, o).attr(entryAttribute, e[0]));
            }
        }
    }

    public static PlexElement render(ItemRow it, Options o) {
        String rk = Long.toString(it.id);
        PlexElement e = PlexElement.metadata(PlexTypes.tag(it.type));
        boolean container = PlexTypes.isContainer(it.type);
        e.attr("ratingKey", rk)
                .attr("key", "/library/metadata/" + rk + (container ? "/children" : ""))
                .attr("guid", it.guid)
                .attr("type", PlexTypes.name(it.type))
                .attr("title", it.title);
        if (it.titleSort != null && !it.titleSort.equals(it.title.toLowerCase(Locale.ROOT))) {
            // Only the article-less form is worth showing; the accent-free key is an internal sort aid.
            String shown = it.title.replaceFirst("(?i)^(the|an|a)\\s+", "");
            if (!shown.equals(it.title)) {
                e.attr("titleSort", shown);
            }
        }
        e.attr("librarySectionID", it.sectionId)
                .attr("librarySectionKey", "/library/sections/" + it.sectionId)
                .attr("librarySectionTitle", it.sectionTitle)
                .attr("summary", it.summary == null ? "" : it.summary)
                .attr("contentRating", it.contentRating)
                .attr("index", it.index)
                .attr("year", it.year)
                .attr("originallyAvailableAt", it.originallyAvailableAt == null ? null
                        : it.originallyAvailableAt.toString())
                .attr("duration", it.durationMs);
        String parentKey = it.parentId == null ? null : "/library/metadata/" + it.parentId;
        String gpKey = it.grandparentId == null ? null : "/library/metadata/" + it.grandparentId;
        if (it.parentId != null) {
            e.attr("parentRatingKey", Long.toString(it.parentId)).attr("parentKey", parentKey)
                    .attr("parentTitle", it.parentTitle)
                    .attr("parentThumb", it.parentThumbTs == null ? null : parentKey + "/thumb/" + it.parentThumbTs);
            if (it.type == PlexTypes.EPISODE) {
                e.attr("parentIndex", it.parentIdx != null ? it.parentIdx : it.parentIndex);
            } else if (it.type == PlexTypes.TRACK) {
                e.attr("parentIndex", it.parentIndex);
            } else if (it.type == PlexTypes.SEASON) {
                e.attr("parentIndex", 1);
            }
        }
        if (it.grandparentId != null) {
            e.attr("grandparentRatingKey", Long.toString(it.grandparentId)).attr("grandparentKey", gpKey)
                    .attr("grandparentTitle", it.grandparentTitle)
                    .attr("grandparentThumb", it.grandparentThumbTs == null ? null
                            : gpKey + "/thumb/" + it.grandparentThumbTs)
                    .attr("grandparentArt", it.grandparentArtTs == null ? null : gpKey + "/art/" + it.grandparentArtTs);
        }
        String self = "/library/metadata/" + rk;
        if (it.thumbTs != null) {
            e.attr("thumb", self + "/thumb/" + it.thumbTs);
        } else if (it.type == PlexTypes.TRACK && it.parentThumbTs != null) {
            // Tracks show their album's cover, as in PMS.
            e.attr("thumb", parentKey + "/thumb/" + it.parentThumbTs);
        } else if (it.type == PlexTypes.EPISODE && it.grandparentThumbTs != null) {
            e.attr("thumb", gpKey + "/thumb/" + it.grandparentThumbTs);
        }
        if (it.artTs != null) {
            e.attr("art", self + "/art/" + it.artTs);
        } else if (it.grandparentArtTs != null) {
            e.attr("art", gpKey + "/art/" + it.grandparentArtTs);
        }
        if (it.viewCount > 0) {
            e.attr("viewCount", it.viewCount);
        }
        if (it.viewOffset > 0) {
            e.attr("viewOffset", it.viewOffset);
        }
        if (it.lastViewedAt != null) {
            e.attr("lastViewedAt", it.lastViewedAt.toEpochSecond());
        }
        if (it.userRating != null) {
            e.attr("userRating", it.userRating);
        }
        if (container) {
            if (it.type != PlexTypes.PHOTO_ALBUM) {
                e.attr("leafCount", it.leafCount == null ? 0 : it.leafCount)
                        .attr("viewedLeafCount", it.viewedLeafCount == null ? 0 : it.viewedLeafCount);
            }
            e.attr("childCount", it.childCount == null ? 0 : it.childCount);
        }
        e.attr("addedAt", it.addedAt.toEpochSecond()).attr("updatedAt", it.updatedAt.toEpochSecond());
        for (ItemRow.PartRow part : it.parts) {
            e.add(media(part, it.type, o));
        }
        for (ItemRow.TagRow t : it.tags) {
            String tag = switch (t.tagType()) {
                case 1 -> "Genre";
                case 2 -> "Collection";
                case 4 -> "Director";
                case 5 -> "Writer";
                case 6 -> "Role";
                case 8 -> "Country";
                case 11 -> "Label";
                case 300 -> "Mood";
                case 301 -> "Style";
                default -> null;
            };
            if (tag != null) {
                String filterKey = tag.equals("Role") ? "actor" : tag.toLowerCase(Locale.ROOT);
                e.add(PlexElement.of(tag).attr("id", t.id()).attr("tag", t.tag())
                        .attr("filter", filterKey + "=" + t.id()));
            }
        }
        if (o.includeGuids()) {
            e.add(PlexElement.of("Guid").attr("id", it.guid));
        }
        if (o.withStreams()) {
            // python-plexapi reads locks from Field children of the full item.
            it.lockedFields.forEach(f -> e.add(PlexElement.of("Field").attr("name", f).attr("locked", true)));
        }
        return e;
    }

    static PlexElement media(ItemRow.PartRow p, int type, Options o) {
        String ext = p.file().contains(".") ? p.file().substring(p.file().lastIndexOf('.') + 1) : "bin";
        PlexElement media = PlexElement.of("Media").attr("id", p.id()).attr("duration", p.durationMs())
                .attr("bitrate", p.bitrate()).attr("width", p.width()).attr("height", p.height());
        if (p.width() != null && p.height() != null && p.height() > 0) {
            media.attr("aspectRatio", Math.round(p.width() * 100.0 / p.height()) / 100.0);
        }
        media.attr("audioChannels", p.audioChannels()).attr("audioCodec", p.audioCodec())
                .attr("videoCodec", type == PlexTypes.PHOTO ? null : p.videoCodec())
                .attr("videoResolution", type == PlexTypes.PHOTO ? null : resolution(p.width(), p.height()))
                .attr("container", p.container())
                .attr("videoFrameRate", type == PlexTypes.PHOTO ? null : frameRate(p.frameRate()))
                .attr("videoProfile", type == PlexTypes.PHOTO ? null : p.videoProfile());
        if (type == PlexTypes.MOVIE || type == PlexTypes.EPISODE) {
            media.attr("optimizedForStreaming", true).attr("has64bitOffsets", false);
        }
        PlexElement part = PlexElement.of("Part").attr("id", p.id())
                .attr("key", "/library/parts/" + p.id() + "/" + p.updatedAt().toEpochSecond() + "/file." + ext)
                .attr("duration", p.durationMs())
                .attr("file", o.mediaRoot() == null ? p.file() : o.mediaRoot().resolve(p.file()).toString())
                .attr("size", p.size()).attr("container", p.container())
                .attr("videoProfile", type == PlexTypes.PHOTO ? null : p.videoProfile());
        if (o.withStreams()) {
            part.attr("accessible", true).attr("exists", true);
            for (ItemRow.StreamRow s : p.streams()) {
                part.add(stream(s));
            }
        }
        media.add(part);
        return media;
    }

    static PlexElement stream(ItemRow.StreamRow s) {
        PlexElement e = PlexElement.of("Stream").attr("id", s.id()).attr("streamType", s.streamType())
                .attr("codec", s.codec()).attr("index", s.index());
        if (s.file() == null) {
            e.attr("default", s.isDefault());
        }
        if (s.selected()) {
            e.attr("selected", true);
        }
        e.attr("bitrate", s.bitrate());
        if (s.streamType() == 1) {
            e.attr("width", s.width()).attr("height", s.height()).attr("frameRate", s.frameRate())
                    .attr("bitDepth", s.bitDepth()).attr("profile", s.profile()).attr("hasScalingMatrix", false)
                    .attr("streamIdentifier", s.index() + 1)
                    .attr("displayTitle", resolutionLabel(s.height()) + " (" + codecName(s.codec()) + ")");
        } else if (s.streamType() == 2) {
            e.attr("channels", s.channels()).attr("audioChannelLayout", s.channelLayout())
                    .attr("samplingRate", s.samplingRate()).attr("profile", s.profile())
                    .attr("streamIdentifier", s.index() + 1);
            String lang = languageName(s.language());
            e.attr("language", lang).attr("languageCode", s.language())
                    .attr("displayTitle", (lang == null ? "Unknown" : lang) + " (" + codecName(s.codec()) + " "
                            + channelsName(s.channels()) + ")");
        } else if (s.streamType() == 3) {
            String lang = languageName(s.language());
            e.attr("format", s.codec()).attr("language", lang).attr("languageCode", s.language())
                    .attr("forced", s.forced()).attr("hearingImpaired", false)
                    .attr("displayTitle", (lang == null ? "Unknown" : lang) + " (" + s.codec().toUpperCase(Locale.ROOT)
                            + (s.file() != null ? " External" : "") + ")");
            if (s.file() != null) {
                e.attr("key", "/library/streams/" + s.id());
            }
        }
        if (s.title() != null) {
            e.attr("title", s.title());
        }
        return e;
    }

    static String resolution(Integer w, Integer h) {
        if (w == null || h == null) {
            return null;
        }
        if (w >= 3200 || h >= 2000) {
            return "4k";
        }
        if (w >= 1800 || h >= 1000) {
            return "1080";
        }
        if (w >= 1200 || h >= 700) {
            return "720";
        }
        if (h >= 500) {
            return "576";
        }
        return h >= 400 ? "480" : "sd";
    }

    static String resolutionLabel(Integer h) {
        if (h == null) {
            return "Unknown";
        }
        return h >= 2000 ? "4K" : h + "p";
    }

    static String frameRate(Double fps) {
        if (fps == null) {
            return null;
        }
        if (Math.abs(fps - 25) < 0.5 || Math.abs(fps - 50) < 0.5) {
            return "PAL";
        }
        if (Math.abs(fps - 29.97) < 0.05 || Math.abs(fps - 59.94) < 0.05) {
            return "NTSC";
        }
        return Math.round(fps) + "p";
    }

    static String codecName(String codec) {
        if (codec == null) {
            return "Unknown";
        }
        return switch (codec) {
            case "h264" -> "H.264";
            case "hevc" -> "HEVC";
            case "aac" -> "AAC";
            case "mp3" -> "MP3";
            case "flac" -> "FLAC";
            default -> codec.toUpperCase(Locale.ROOT);
        };
    }

    static String channelsName(Integer ch) {
        if (ch == null) {
            return "";
        }
        return switch (ch) {
            case 1 -> "Mono";
            case 2 -> "Stereo";
            case 6 -> "5.1";
            case 8 -> "7.1";
            default -> ch + "ch";
        };
    }

    static String languageName(String code) {
        if (code == null || code.equals("und")) {
            return null;
        }
        String name = Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH);
        return name.isEmpty() || name.equalsIgnoreCase(code) ? code : name;
    }
}
