package io.cinemesh.users.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * Runs CPU-heavy work (password hashing) on a worker thread and comes back on the caller's Vert.x context, where
 * Hibernate Reactive expects the next step to run.
 */
@ApplicationScoped
public class OffLoop {

    @Inject
    Vertx vertx;

    public <T> Uni<T> run(Supplier<T> work) {
        return vertx.executeBlocking(Uni.createFrom().item(work), false);
    }
}
