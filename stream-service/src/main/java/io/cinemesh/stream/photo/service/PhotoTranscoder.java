package io.cinemesh.stream.photo.service;

import io.cinemesh.stream.client.LibraryLookup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * An item's artwork at another size: fetched from library-service as the caller (so shares apply, and a request
 * can only ever name artwork, never a file), then resized off the event loop.
 */
@ApplicationScoped
public class PhotoTranscoder {

    @Inject
    LibraryLookup library;
    @Inject
    PhotoResizer resizer;
    @Inject
    Vertx vertx;

    /** {@code kind} is thumb, art, banner, clearLogo or poster; {@code version} the artwork's timestamp or "0". */
    public Uni<byte[]> artwork(String token, String ratingKey, String kind, String version, PhotoResizer.Shape shape) {
        return library.image(token, ratingKey, kind, version)
                .flatMap(bytes -> vertx.executeBlocking(Uni.createFrom().item(() -> resizer.resize(bytes, shape))));
    }
}
