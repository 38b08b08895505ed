package io.cinemesh.deploy;

import java.net.URISyntaxException;
import java.nio.file.Path;

final class Fixtures {
    private Fixtures() {}

    static Path path(String rel) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + rel).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no fixture " + rel, e);
        }
    }
}
