package io.cinemesh.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

final class Problems {
    private Problems() {}

    /** Fails with every problem on its own line, so a CI log says what is wrong where. */
    static void assertNone(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            fail(what + ": " + problems.size() + " problem(s)\n  " + String.join("\n  ", problems));
        }
    }
}
