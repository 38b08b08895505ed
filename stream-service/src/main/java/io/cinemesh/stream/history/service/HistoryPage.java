package io.cinemesh.stream.history.service;

import io.cinemesh.stream.history.repository.PlayHistory;
import java.util.List;

/** One page of viewings and how many match in all. */
public record HistoryPage(List<PlayHistory> viewings, long total) {
}
