package io.cinemesh.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaFolderTest {

    @TempDir
    Path tmp;
    Path media;
    Path film;
    MediaFolder folder;

    @BeforeEach
    void lay() throws IOException {
        media = Files.createDirectories(tmp.resolve("media"));
        film = Files.writeString(Files.createDirectories(media.resolve("Movies/Film (2024)")).resolve("Film.mkv"), "v");
        Files.writeString(tmp.resolve("passwd"), "root:x:0:0");
        Files.createDirectories(tmp.resolve("media-other"));
        folder = new MediaFolder(media);
    }

    @Test
    void aFileInsideIsFoundByItsRelativeOrAbsolutePath() throws IOException {
        assertEquals(Optional.of(film.toRealPath()), folder.file("Movies/Film (2024)/Film.mkv"));
        assertEquals(Optional.of(film.toRealPath()), folder.file(film.toString()));
        assertEquals(Optional.of(film.toRealPath()), folder.file("Movies/../Movies/Film (2024)/Film.mkv"));
        assertEquals("Movies/Film (2024)/Film.mkv", folder.relative(film));
    }

    @Test
    void aPathThatLeavesTheFolderIsRefusedWrittenOrThroughALink() throws IOException {
        assertEquals(Optional.empty(), folder.file("../passwd"));
        assertEquals(Optional.empty(), folder.inside("../passwd"));
        assertEquals(Optional.empty(), folder.file(tmp.resolve("passwd").toString()));
        // a sibling whose name starts with the folder's is not inside it
        assertEquals(Optional.empty(), folder.folder("../media-other"));
        assertEquals(Optional.empty(), folder.inside(tmp.resolve("media-other").toString()));

        Files.createSymbolicLink(media.resolve("Movies/passwd.mkv"), tmp.resolve("passwd"));
        Files.createSymbolicLink(media.resolve("Elsewhere"), tmp);
        assertEquals(Optional.empty(), folder.file("Movies/passwd.mkv"));
        assertEquals(Optional.empty(), folder.inside("Movies/passwd.mkv"));
        assertEquals(Optional.empty(), folder.folder("Elsewhere"));
        assertEquals(Optional.empty(), folder.file("Elsewhere/passwd"));
    }

    @Test
    void aLinkThatStaysInsideIsFollowed() throws IOException {
        Path link = Files.createSymbolicLink(media.resolve("Film.mkv"), film);
        assertEquals(Optional.of(film.toRealPath()), folder.file("Film.mkv"));
        assertEquals(Optional.of(link), folder.inside("Film.mkv"));
    }

    @Test
    void aFolderIsNotAFileAndTheMediaFolderItselfIsEmptyPath() throws IOException {
        assertEquals(Optional.empty(), folder.file("Movies"));
        assertEquals(Optional.of(media.resolve("Movies").toRealPath()), folder.folder("Movies"));
        assertEquals(Optional.of(media.toRealPath()), folder.folder(""));
        assertEquals(Optional.empty(), folder.folder("Movies/Film (2024)/Film.mkv"));
    }

    @Test
    void aMissingPathInsideIsInsideButNoFileAndNoPathIsRefused() {
        assertEquals(Optional.of(media.resolve("Movies/Gone.mkv")), folder.inside("Movies/Gone.mkv"));
        assertEquals(Optional.empty(), folder.file("Movies/Gone.mkv"));
        assertEquals(Optional.empty(), folder.file("Movies/Film\0.mkv"));
        assertEquals(Optional.empty(), folder.file(null));
    }

    @Test
    void aFolderReachedThroughALinkedRootStillHoldsItsFiles() throws IOException {
        Path linkedRoot = Files.createSymbolicLink(tmp.resolve("library"), media);
        MediaFolder linked = new MediaFolder(linkedRoot);
        assertEquals(Optional.of(film.toRealPath()), linked.file("Movies/Film (2024)/Film.mkv"));
        // as stream-service names it to the gateway: by its real path
        assertEquals(Optional.of(film.toRealPath()), linked.file(film.toRealPath().toString()));
        assertEquals("Movies/Film (2024)/Film.mkv", linked.relative(film.toRealPath()));
        assertTrue(linked.inside("Movies").isPresent());
        assertEquals(Optional.empty(), linked.file("../passwd"));
    }

    @Test
    void onlyASetFolderIsConfigured() {
        assertEquals(Optional.empty(), MediaFolder.configured(Optional.empty()));
        assertEquals(Optional.empty(), MediaFolder.configured(Optional.of("  ")));
        assertEquals(Optional.of(media), MediaFolder.configured(Optional.of(media.toString())).map(MediaFolder::root));
    }
}
