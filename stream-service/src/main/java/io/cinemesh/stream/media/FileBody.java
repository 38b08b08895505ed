package io.cinemesh.stream.media;

import jakarta.ws.rs.core.Response.Status;
import java.nio.file.Path;

/**
 * A range of a file sent as the response body with sendfile (see {@link FileBodyWriter}). Unlike Quarkus's
 * {@code PathPart}, a file that is gone by the time it is opened is answered with {@code whenGone}: a segment is
 * deleted when its session ends or its scratch is trimmed, and a film can be removed from disk while it plays.
 */
public record FileBody(Path file, long offset, long length, Status whenGone, String goneMessage) {

    /** A transcode's segment: another request makes it again, so a player asks once more. */
    public static FileBody segment(Path file, long size) {
        return new FileBody(file, 0, size, Status.SERVICE_UNAVAILABLE, "The segment went away; ask again");
    }

    /** A media part on the library's disk: gone means removed from the library's folder. */
    public static FileBody part(Path file, long offset, long length) {
        return new FileBody(file, offset, length, Status.NOT_FOUND, "This file is no longer on the server");
    }
}
