package io.cinemesh.users.service;

import io.cinemesh.outbox.AuditTrail;
import io.cinemesh.tokens.Caller;
import io.cinemesh.users.repository.ServerIdentity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The server's identity, made once at first start. Several replicas may start together on an empty database:
 * the insert is idempotent ({@code ON CONFLICT DO NOTHING}) and everyone then reads the one row.
 */
@ApplicationScoped
public class ServerIdentityService {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AuditTrail audit;

    @ConfigProperty(name = "cinemesh.server.friendly-name", defaultValue = "Cinemesh")
    String friendlyName;

    public Uni<ServerIdentity> get() {
        return Panache.withSession(() -> ServerIdentity.<ServerIdentity>findById(ServerIdentity.ONLY_ROW))
                .chain(found -> found != null ? Uni.createFrom().item(found) : create());
    }

    /** Renames the server and records who did it, in one transaction. */
    public Uni<ServerIdentity> rename(Caller by, String newName, String from) {
        return get().chain(() -> Panache.withTransaction(() -> ServerIdentity
                .<ServerIdentity>findById(ServerIdentity.ONLY_ROW)
                .chain(identity -> {
                    identity.friendlyName = newName;
                    return audit.record(by, "server.rename", "server", from, AuditTrail.SUCCESS).replaceWith(identity);
                })));
    }

    private Uni<ServerIdentity> create() {
        byte[] id = new byte[20];
        RANDOM.nextBytes(id);
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO server_identity (id, machine_identifier, friendly_name, created_at) "
                                + "VALUES (:id, :mid, :name, :at) ON CONFLICT (id) DO NOTHING")
                .setParameter("id", ServerIdentity.ONLY_ROW)
                .setParameter("mid", HexFormat.of().formatHex(id))
                .setParameter("name", friendlyName)
                .setParameter("at", OffsetDateTime.now())
                .executeUpdate()))
                .chain(() -> Panache.withSession(() -> ServerIdentity.findById(ServerIdentity.ONLY_ROW)));
    }
}
