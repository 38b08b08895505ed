package io.cinemesh.plex.wire.rest;

import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.plex.wire.PlexError;
import io.cinemesh.plex.wire.PlexRenderer;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Writes {@link PlexElement} trees and {@link PlexError}s in the format {@link PlexFormatFilter} chose. */
@Provider
@Produces("*/*")
public class PlexBodyWriter implements MessageBodyWriter<Object> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return PlexElement.class.isAssignableFrom(type) || PlexError.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(Object entity, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        boolean json = mediaType != null && mediaType.getType().equals("application")
                && mediaType.getSubtype().equals("json");
        headers.putSingle(HttpHeaders.CONTENT_TYPE, PlexRenderer.contentType(json));
        if (entity instanceof PlexError error) {
            PlexRenderer.write(error, json, out);
        } else {
            PlexRenderer.write((PlexElement) entity, json, out);
        }
    }
}
