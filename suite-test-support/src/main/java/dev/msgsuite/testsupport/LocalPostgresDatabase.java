package dev.msgsuite.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A database of its own on the local PostgreSQL server, so test contexts never share tables. */
public final class LocalPostgresDatabase implements AutoCloseable {

    private final String serverUrl;

    private final String name;

    private final String user;

    private final String password;

    private LocalPostgresDatabase(String serverUrl, String name, String user, String password) {
        this.serverUrl = serverUrl;
        this.name = name;
        this.user = user;
        this.password = password;
    }

    static LocalPostgresDatabase create() {
        String host = TestServices.setting("SUITE_TEST_POSTGRES_HOST", "localhost");
        int port = Integer.parseInt(TestServices.setting("SUITE_TEST_POSTGRES_PORT", "5432"));
        TestServices.requireListening("PostgreSQL", host, port,
                "install and start one: apt-get install postgresql && pg_ctlcluster 15 main start, "
                        + "with a role that may create databases (see .ci/run)");
        String serverUrl = "jdbc:postgresql://" + host + ":" + port + "/";
        LocalPostgresDatabase database = new LocalPostgresDatabase(serverUrl,
                "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
                TestServices.setting("SUITE_TEST_POSTGRES_USER", "suite"),
                TestServices.setting("SUITE_TEST_POSTGRES_PASSWORD", "suite"));
        database.execute("CREATE DATABASE " + database.name);
        return database;
    }

    public String jdbcUrl() {
        return this.serverUrl + this.name;
    }

    public String user() {
        return this.user;
    }

    public String password() {
        return this.password;
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(this.serverUrl + "postgres", this.user, this.password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Local PostgreSQL refused '" + sql + "' for role " + this.user + ": "
                    + ex.getMessage() + ". The role needs CREATEDB (see .ci/run)", ex);
        }
    }
}
