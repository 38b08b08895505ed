package io.cinemesh.stream.session.service;

import io.cinemesh.plex.wire.rest.DatabaseUnreachable;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Rides out a database restart or failover (a second or two) for work that must be stored before it is
 * answered: the work is run again after a short wait instead of failing the request. The wait is a Vert.x timer
 * on the request's own context, where Hibernate Reactive expects the next try to run. After {@link #ATTEMPTS}
 * tries the failure goes on (the client gets a 503 with Retry-After).
 */
final class DatabaseBlip {

    static final int ATTEMPTS = 10;

    private DatabaseBlip() {
    }

    static <T> Uni<T> retried(Supplier<Uni<T>> work) {
        Context context = Vertx.currentContext();
        return context == null ? work.get() : attempt(work, context, 1);
    }

    private static <T> Uni<T> attempt(Supplier<Uni<T>> work, Context context, int n) {
        return work.get().onFailure(f -> n < ATTEMPTS && DatabaseUnreachable.in(f)).recoverWithUni(f -> Uni
                .createFrom().<Void>emitter(e -> context.owner().setTimer(Math.min(1000, 100L << Math.min(n, 4)),
                        id -> context.runOnContext(v -> e.complete(null))))
                .chain(() -> attempt(work, context, n + 1)));
    }
}
