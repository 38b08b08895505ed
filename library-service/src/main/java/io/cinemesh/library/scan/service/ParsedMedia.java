package io.cinemesh.library.scan.service;

import java.time.LocalDate;
import java.util.List;

/**
 * What a file is, from its path and tags: the leaf item and the containers above it, outermost first.
 *
 * @param containers show › season, artist › album, or photo album › sub-album …, outermost first
 * @param leaf the movie, episode, track or photo the file is
 */
public record ParsedMedia(List<Node> containers, Node leaf) {

    /**
     * One item as parsed.
     *
     * @param type the Plex type number
     * @param matchKey how a container is found again on the next file (lower-case name or number)
     * @param index episode, track or season number
     * @param parentIndex season number of an episode, disc of a track
     */
    public record Node(int type, String matchKey, String title, Integer year, LocalDate date, Integer index,
            Integer parentIndex, String summary, List<String> genres) {
    }
}
