package io.cinemesh.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's database belongs to its data folder (./cinemesh's claim_database, run here on its own against
 * the PostgreSQL the tests use, with a database of the test's own): the README's "delete .cinemesh-data to start
 * from scratch" also forgets sections, users and tokens, and one data folder never takes over another's database.
 */
class LocalStackDatabaseTest {

    static final String DATABASE = "cinemesh_claim_test";
    static final Path SCRIPT = Path.of("..", "cinemesh").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Run(int status, String output) {
    }

    /** Sources ./cinemesh and claims the database for {@code data}, as `./cinemesh up` does. */
    Run claim(Path data, boolean folderIsNew) throws Exception {
        Files.createDirectories(data);
        String script = "source \"$1\"; CINEMESH_DATA=$2; DATA_FOLDER_NEW=$3; DB_NAME=" + DATABASE
                + "; DB_USER=postgres; PG_PORT=${CINEMESH_TEST_PG_PORT:-5432}; claim_database";
        Process p = new ProcessBuilder("bash", "-c", script, "claim", SCRIPT.toString(), data.toString(),
                folderIsNew ? "1" : "0").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        return new Run(p.exitValue(), out);
    }

    String sql(String database, String statement) throws Exception {
        Process p = new ProcessBuilder(List.of("psql", "-X", "-q", "-w", "-h", "127.0.0.1", "-p",
                System.getenv().getOrDefault("CINEMESH_TEST_PG_PORT", "5432"), "-U", "postgres", "-d", database,
                "-tAc", statement)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    void aSectionIsStored() throws Exception {
        sql(DATABASE, "CREATE TABLE section (title text); INSERT INTO section VALUES ('Movies')");
    }

    boolean sectionIsThere() throws Exception {
        return sql(DATABASE, "SELECT count(*) FROM pg_tables WHERE tablename = 'section'").equals("1");
    }

    @AfterEach
    void dropDatabase() throws Exception {
        sql("postgres", "DROP DATABASE IF EXISTS " + DATABASE);
    }

    @Test
    void deletingTheDataFolderStartsFromAnEmptyDatabase() throws Exception {
        dropDatabase();
        Path data = tmp.resolve(".cinemesh-data");
        Run first = claim(data, true);
        assertEquals(0, first.status(), first.output());
        aSectionIsStored();

        Run again = claim(data, false);
        assertEquals(0, again.status(), again.output());
        assertTrue(sectionIsThere(), "the same data folder keeps its database");

        deleteTree(data);
        Run fresh = claim(data, true);
        assertEquals(0, fresh.status(), fresh.output());
        assertTrue(fresh.output().contains("starts from scratch"), fresh.output());
        assertTrue(!sectionIsThere(), "a new data folder's database has no sections of the old one");
    }

    @Test
    void anotherDataFolderDoesNotTakeOverTheDatabaseAndAnOlderOneAdoptsIt() throws Exception {
        dropDatabase();
        Path mine = tmp.resolve("mine");
        assertEquals(0, claim(mine, true).status());
        aSectionIsStored();

        // a data folder that has claimed a database of its own before, and finds this one instead
        Path theirs = tmp.resolve("theirs");
        Files.createDirectories(theirs);
        Files.writeString(theirs.resolve("database-id"), "someone-elses\n");
        Run refused = claim(theirs, false);
        assertNotEquals(0, refused.status());
        assertTrue(refused.output().contains("belongs to another Cinemesh data folder"), refused.output());
        assertTrue(sectionIsThere(), "refusing touches nothing");

        // a data folder from before databases were claimed keeps the one it has been using
        Path older = tmp.resolve("older");
        Files.createDirectories(older.resolve("logs"));
        sql("postgres", "COMMENT ON DATABASE " + DATABASE + " IS NULL");
        Run adopted = claim(older, false);
        assertEquals(0, adopted.status(), adopted.output());
        assertTrue(sectionIsThere());
        assertTrue(Files.exists(older.resolve("database-id")));
    }

    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
