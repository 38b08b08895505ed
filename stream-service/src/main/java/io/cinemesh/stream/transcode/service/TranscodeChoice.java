package io.cinemesh.stream.transcode.service;

import io.cinemesh.stream.client.PartInfo;
import io.opentelemetry.context.Context;
import java.util.Map;

/**
 * The part chosen for a {@link TranscodeAsk}, as heard through the caller's audio choice, and what to do with it.
 *
 * @param stream the trace context of the caller's stream of this item
 * @param item the item's attributes as library-service shows them (empty unless asked for a decision)
 * @param audioIndex the chosen audio track's index, or null for the part's default
 */
public record TranscodeChoice(PartInfo part, Decision decision, Context stream, Map<String, Object> item,
        Integer audioIndex) {
}
