package io.cinemesh.tokens;

/**
 * The credential the gateway forwards for a token-less client on an allowed network (PMS's "allowed without
 * auth"). It acts as the owner inside the mesh, but it is the gateway's, not the client's: services never echo it
 * back and never trade it for another token, and the gateway refuses it when a client presents it, so a page that
 * can read the answers of such a client still gets nothing it could reuse from elsewhere.
 */
public final class NetworkAdmission {

    /** The token id of the forwarded credential; no issued token has it (theirs are random). */
    public static final String TOKEN_ID = "gateway-allowed-network";

    private NetworkAdmission() {
    }

    public static boolean isNetworkAdmitted(Caller caller) {
        return caller != null && TOKEN_ID.equals(caller.tokenId());
    }
}
