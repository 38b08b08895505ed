package io.cinemesh.library.scan.repository;

import java.util.List;

/** A section as the scanner sees it: its type and the folders (relative to the media root) it scans. */
public record ScanSection(long id, String name, String type, List<String> locations) {
}
