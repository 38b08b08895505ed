package io.cinemesh.tokens;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The contract by which stream-service hands a direct-play body back to the gateway when both run on one box
 * with the same media folder ({@code ./cinemesh up}): stream-service still checks the caller, the share, the
 * range and the validators, and answers with its status and headers but no body, naming the file and the slice
 * to send; the gateway then sends those bytes with {@code sendfile} instead of copying them through a second
 * socket. This is nginx's {@code X-Accel-Redirect}. Off unless both sides are configured for it, and the gateway
 * never lets a client send or see these headers.
 */
public final class PartHandOff {

    /**
     * Request header from the gateway: "I share your media folder; hand me the file". Its value is
     * {@link TokenCodec#proof} of {@link #PURPOSE}: a local process that does not hold the cluster's secret cannot
     * ask stream-service's own port where a film lives.
     */
    public static final String ASK = "X-Cinemesh-Part-Handoff";
    public static final String PURPOSE = "part-handoff.v1";
    /** Response header: the absolute path of the file (percent-encoded UTF-8), already resolved and checked. */
    public static final String FILE = "X-Cinemesh-Part-File";
    public static final String OFFSET = "X-Cinemesh-Part-Offset";
    public static final String LENGTH = "X-Cinemesh-Part-Length";

    private static final String PREFIX = "x-cinemesh-part-";

    private PartHandOff() {
    }

    /** True for every header of this contract, whatever its case: these never cross the front door. */
    public static boolean isHandOffHeader(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    public static String encodePath(String absolutePath) {
        return URLEncoder.encode(absolutePath, StandardCharsets.UTF_8);
    }

    public static String decodePath(String header) {
        return URLDecoder.decode(header, StandardCharsets.UTF_8);
    }
}
