package io.cinemesh.stream.media;

import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Sends a {@link FileBody} with Vert.x's sendfile and, unlike Quarkus's writer for {@code PathPart}, looks at how
 * the send ended. Vert.x opens the file only when sending; one deleted in between fails that send before any byte
 * is written, and a writer that drops the failure leaves the response open until the client gives up (a segment
 * request racing the end of its session hung for the client's whole timeout). Here it is answered as gone; a send
 * that fails after its first bytes resets the connection, so a cut body never looks complete.
 */
@Provider
public class FileBodyWriter implements ServerMessageBodyWriter<FileBody> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return FileBody.class.isAssignableFrom(type);
    }

    @Override
    public void writeResponse(FileBody body, Type genericType, ServerRequestContext context) {
        HttpServerResponse response = ((ResteasyReactiveRequestContext) context).serverRequest()
                .unwrap(HttpServerResponse.class);
        response.sendFile(body.file().toString(), body.offset(), body.length()).onFailure(e -> {
            if (response.headWritten()) {
                response.reset();
                return;
            }
            // Quarkus writes the resource's status and headers as the head goes out; this answer replaces them.
            response.headersEndHandler(null);
            response.headers().clear();
            response.setStatusCode(body.whenGone().getStatusCode()).putHeader("Content-Type",
                    "text/plain; charset=utf-8").end(body.goneMessage());
        });
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return FileBody.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(FileBody body, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) {
        throw new UnsupportedOperationException("A FileBody is only sent by the server, with sendfile");
    }
}
