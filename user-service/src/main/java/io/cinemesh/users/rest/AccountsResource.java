package io.cinemesh.users.rest;

import io.cinemesh.plex.wire.MediaContainer;
import io.cinemesh.plex.wire.PlexElement;
import io.cinemesh.tokens.Caller;
import io.cinemesh.tokens.CurrentCaller;
import io.cinemesh.users.repository.Account;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;

/** {@code /accounts}: the server's accounts as Plex lists them. A non-owner sees only itself. */
@Path("/accounts")
public class AccountsResource {

    @Inject
    CurrentCaller caller;

    @GET
    public Uni<MediaContainer> list() {
        var me = caller.get();
        Uni<List<Account>> accounts = me.isOwner()
                ? Panache.withSession(() -> Account.<Account>listAll(io.quarkus.panache.common.Sort.by("id")))
                : Panache.withSession(() -> Account.<Account>find("id", me.userId()).list());
        return accounts.map(AccountsResource::container);
    }

    @GET
    @Path("/{id}")
    public Uni<MediaContainer> one(@PathParam("id") String id) {
        Caller me = caller.get();
        long accountId;
        try {
            accountId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException("No account with id " + id);
        }
        // Another user's account does not exist as far as a non-owner can tell.
        if (!me.isOwner() && me.userId() != accountId) {
            throw new NotFoundException("No account with id " + id);
        }
        return Panache.withSession(() -> Account.<Account>findById(accountId)).map(a -> {
            if (a == null) {
                throw new NotFoundException("No account with id " + id);
            }
            return container(List.of(a));
        });
    }

    private static MediaContainer container(List<Account> list) {
        MediaContainer mc = new MediaContainer().attr("identifier", "com.plexapp.system.accounts");
        for (Account a : list) {
            mc.add(PlexElement.of("Account")
                    .attr("id", a.id)
                    .attr("key", "/accounts/" + a.id)
                    .attr("name", a.name)
                    .attr("defaultAudioLanguage", "en")
                    .attr("autoSelectAudio", true)
                    .attr("defaultSubtitleLanguage", "en")
                    .attr("subtitleMode", 0)
                    .attr("thumb", ""));
        }
        return mc;
    }
}
