package io.cinemesh.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cinemesh.tokens.PartHandOff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPartsTest {

    @TempDir
    Path tmp;

    private LocalParts parts(boolean enabled, Path media) {
        return new LocalParts(enabled, Optional.of(media.toString()), new SimpleMeterRegistry());
    }

    @Test
    void aMediaFolderConfiguredThroughALinkTakesTheRealPathsStreamServiceNames() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("disk/Films"));
        Path film = Files.writeString(disk.resolve("Heat (1995).mkv"), "frames");
        Path link = Files.createSymbolicLink(tmp.resolve("media"), tmp.resolve("disk"));
        LocalParts parts = parts(true, link);
        Path real = film.toRealPath();
        assertEquals(Optional.of(real), parts.file(PartHandOff.encodePath(real.toString())));
        assertEquals(Optional.of(real), parts.file(PartHandOff.encodePath(link + "/Films/Heat (1995).mkv")));
    }

    @Test
    void aFileInsideTheMediaFolderIsSentEvenWithAnAccentedName() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media/Films"));
        Path film = Files.writeString(media.resolve("Amélie (2001).mkv"), "frames");
        LocalParts parts = parts(true, tmp.resolve("media"));
        assertEquals(Optional.of(film.toRealPath()), parts.file(PartHandOff.encodePath(film.toString())));
        assertTrue(parts.wanted("GET", "/library/parts/12/1700000000/file.mkv"));
        assertFalse(parts.wanted("HEAD", "/library/parts/12/1700000000/file.mkv"), "HEAD has no body to hand off");
        assertFalse(parts.wanted("GET", "/video/:/transcode/universal/session/a/base/0.ts"));
    }

    @Test
    void nothingOutsideTheMediaFolderIsSentWhateverTheHeaderSays() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "no");
        Files.createSymbolicLink(media.resolve("link.mkv"), secret);
        LocalParts parts = parts(true, media);
        assertEquals(Optional.empty(), parts.file(PartHandOff.encodePath(secret.toString())));
        assertEquals(Optional.empty(), parts.file(PartHandOff.encodePath(media + "/../secret.txt")));
        assertEquals(Optional.empty(), parts.file(PartHandOff.encodePath(media.resolve("link.mkv").toString())),
                "a symlink leading out of the folder");
        assertEquals(Optional.empty(), parts.file("secret.txt"), "a relative name");
        assertEquals(Optional.empty(), parts.file(PartHandOff.encodePath(media.toString())), "a folder");
        assertEquals(Optional.empty(), parts.file(PartHandOff.encodePath(media + "/missing.mkv")));
    }

    @Test
    void switchedOffOrWithoutAMediaFolderTheGatewayNeverAsks() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        Path film = Files.writeString(media.resolve("a.mkv"), "frames");
        assertFalse(parts(false, media).wanted("GET", "/library/parts/1/2/a.mkv"));
        assertEquals(Optional.empty(), parts(false, media).file(PartHandOff.encodePath(film.toString())));
        assertFalse(new LocalParts(true, Optional.empty(), new SimpleMeterRegistry())
                .wanted("GET", "/library/parts/1/2/a.mkv"));
        assertFalse(parts(true, tmp.resolve("does-not-exist")).wanted("GET", "/library/parts/1/2/a.mkv"));
    }

    @Test
    void theContractsHeadersAreRecognisedInAnyCase() {
        assertTrue(PartHandOff.isHandOffHeader("x-cinemesh-part-file"));
        assertTrue(PartHandOff.isHandOffHeader(PartHandOff.ASK.toUpperCase()));
        assertFalse(PartHandOff.isHandOffHeader("X-Plex-Token"));
    }
}
