package io.cinemesh.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database on the real PostgreSQL at {@code 127.0.0.1:5432} (or {@code CINEMESH_TEST_PG_HOST/PORT}) for
 * one test run, dropped afterwards, so tests never share or leave state. Points both the reactive and the JDBC
 * (migration) datasource at it.
 */
public class PostgresDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private final String host = System.getenv().getOrDefault("CINEMESH_TEST_PG_HOST", "127.0.0.1");
    private final String port = System.getenv().getOrDefault("CINEMESH_TEST_PG_PORT", "5432");
    private final String user = System.getenv().getOrDefault("CINEMESH_TEST_PG_USER", "postgres");
    private String database;

    @Override
    public Map<String, String> start() {
        database = "cinemesh_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + database);
        return Map.of(
                "cinemesh.db.host", host,
                "cinemesh.db.port", port,
                "cinemesh.db.name", database,
                "cinemesh.db.user", user,
                "cinemesh.db.password", "unused-with-trust-auth");
    }

    @Override
    public void stop() {
        if (database != null) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private void admin(String sql) {
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on " + host + ":" + port + " is needed for tests ("
                    + e.getMessage() + ")", e);
        }
    }
}
