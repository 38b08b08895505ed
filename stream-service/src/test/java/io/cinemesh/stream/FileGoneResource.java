package io.cinemesh.stream;

import io.cinemesh.stream.media.FileBody;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Tests only: a segment found, then deleted before its bytes are sent, as when its session ends between the two
 * (SegmentGoneTest). The window is too short to hit from outside on purpose.
 */
@Path(FileGoneResource.PATH)
public class FileGoneResource {

    static final String PATH = "/test/file-gone";

    @GET
    public Response segmentDeletedBeforeItIsSent() throws IOException {
        java.nio.file.Path file = Files.createTempFile("segment", ".ts");
        Files.write(file, new byte[188]);
        Response found = Response.ok(FileBody.segment(file, Files.size(file))).type("video/mp2t").build();
        Files.delete(file);
        return found;
    }
}
