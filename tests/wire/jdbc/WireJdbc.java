// WireJdbc - the PostgreSQL JDBC driver (Debian's libpostgresql-jdbc-java)
// against the server; clients/jdbc compiles and runs it. The server comes
// from libpq's PG* environment. Every check throws on failure, so the exit
// status says whether all passed.
//
// Covers: PreparedStatement parameters of the common types and NULL, run
// past the driver's prepareThreshold (named server-side statements, binary
// results), addBatch/executeBatch, RETURNING through getGeneratedKeys,
// manual commit and rollback, DatabaseMetaData (getTables, getColumns,
// getPrimaryKeys), and setFetchSize in a transaction, which makes the
// driver fetch through a suspended portal (Execute with a row limit);
// LISTEN/NOTIFY through PGConnection.getNotifications, and the
// ParameterStatus the driver keeps after SET application_name.
import java.math.BigDecimal;
import java.sql.*;
import java.util.*;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

public class WireJdbc {
    static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }

    static void checkEq(Object want, Object got, String what) {
        if (!Objects.equals(want, got))
            throw new AssertionError(what + ": expected <" + want + ">, got <" + got + ">");
    }

    public static void main(String[] args) throws Exception {
        String env = System.getenv("PGHOST");
        String url = "jdbc:postgresql://" + (env == null ? "localhost" : env) + ":"
                + Objects.requireNonNullElse(System.getenv("PGPORT"), "5432") + "/"
                + System.getenv("PGDATABASE");
        Properties props = new Properties();
        props.setProperty("user", System.getenv("PGUSER"));
        try (Connection c = DriverManager.getConnection(url, props)) {
            run(c);
            try (Connection listener = DriverManager.getConnection(url, props)) {
                notifications(c, listener);
            }
        }
        System.out.println("jdbc: all checks passed");
    }

    static void run(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS wire_jdbc");
            s.execute("CREATE TABLE wire_jdbc (id serial PRIMARY KEY, n int, big bigint,"
                    + " name text NOT NULL, price numeric(12,4), at timestamp, ok boolean)");
        }

        // Parameters of every type, then NULLs, twelve times over so that the
        // driver switches to a named statement and binary results.
        Timestamp at = Timestamp.valueOf("2026-12-04 10:11:12.345678");
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO wire_jdbc (n, big, name, price, at, ok) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= 12; i++) {
                ins.setInt(1, i);
                ins.setLong(2, 5_000_000_000L * i);
                ins.setString(3, "row " + i + " ü'\"");
                ins.setBigDecimal(4, new BigDecimal("1234.5678").multiply(BigDecimal.valueOf(i)));
                ins.setTimestamp(5, at);
                ins.setBoolean(6, i % 2 == 0);
                checkEq(1, ins.executeUpdate(), "insert count");
            }
            ins.setNull(1, Types.INTEGER);
            ins.setNull(2, Types.BIGINT);
            ins.setString(3, "nulls");
            ins.setNull(4, Types.NUMERIC);
            ins.setNull(5, Types.TIMESTAMP);
            ins.setNull(6, Types.BOOLEAN);
            checkEq(1, ins.executeUpdate(), "insert of NULLs");
        }
        try (PreparedStatement q = c.prepareStatement(
                "SELECT n, big, name, price, at, ok FROM wire_jdbc WHERE n = ?")) {
            for (int i = 1; i <= 12; i++) {
                q.setInt(1, i);
                try (ResultSet rs = q.executeQuery()) {
                    check(rs.next(), "row " + i + " found");
                    checkEq(i, rs.getInt(1), "int");
                    checkEq(5_000_000_000L * i, rs.getLong(2), "bigint");
                    checkEq("row " + i + " ü'\"", rs.getString(3), "text");
                    checkEq(new BigDecimal("1234.5678").multiply(BigDecimal.valueOf(i)),
                            rs.getBigDecimal(4), "numeric");
                    checkEq(at, rs.getTimestamp(5), "timestamp");
                    checkEq(i % 2 == 0, rs.getBoolean(6), "boolean");
                    check(!rs.next(), "one row for n = " + i);
                }
            }
        }
        try (PreparedStatement q = c.prepareStatement(
                "SELECT n, big, price, at, ok FROM wire_jdbc WHERE name = ?")) {
            q.setString(1, "nulls");
            try (ResultSet rs = q.executeQuery()) {
                check(rs.next(), "the NULL row");
                for (int col = 1; col <= 5; col++) {
                    checkEq(null, rs.getObject(col), "NULL in column " + col);
                }
                rs.getInt(1);
                check(rs.wasNull(), "wasNull");
            }
        }
        try (PreparedStatement q = c.prepareStatement("SELECT ?::int IS NULL, ? || 'x'")) {
            q.setNull(1, Types.INTEGER);
            q.setString(2, "y");
            try (ResultSet rs = q.executeQuery()) {
                check(rs.next(), "a row");
                checkEq(true, rs.getBoolean(1), "NULL parameter");
                checkEq("yx", rs.getString(2), "text parameter");
            }
        }

        // RETURNING through getGeneratedKeys: the serial ids come back.
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO wire_jdbc (name) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
            ins.setString(1, "keyed");
            checkEq(1, ins.executeUpdate(), "insert with keys");
            try (ResultSet keys = ins.getGeneratedKeys()) {
                check(keys.next(), "a generated key");
                checkEq(14, keys.getInt("id"), "generated id");
            }
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO wire_jdbc (name, n) VALUES (?, ?)", new String[] {"id", "name"})) {
            ins.setString(1, "named keys");
            ins.setInt(2, 99);
            ins.executeUpdate();
            try (ResultSet keys = ins.getGeneratedKeys()) {
                check(keys.next(), "named generated keys");
                checkEq(15, keys.getInt(1), "id column");
                checkEq("named keys", keys.getString(2), "name column");
            }
        }

        // Batches: 250 rows in one executeBatch, each counted.
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO wire_jdbc (n, name) VALUES (?, ?)")) {
            for (int i = 0; i < 250; i++) {
                ins.setInt(1, 1000 + i);
                ins.setString(2, "batch " + i);
                ins.addBatch();
            }
            int[] counts = ins.executeBatch();
            checkEq(250, counts.length, "batch results");
            for (int n : counts) check(n == 1 || n == Statement.SUCCESS_NO_INFO, "batch count " + n);
        }
        try (Statement s = c.createStatement()) {
            s.addBatch("UPDATE wire_jdbc SET ok = true WHERE n >= 1000");
            s.addBatch("DELETE FROM wire_jdbc WHERE n >= 1200");
            int[] counts = s.executeBatch();
            checkEq("[250, 50]", Arrays.toString(counts), "statement batch");
        }
        checkEq(215L, count(c, "SELECT count(*) FROM wire_jdbc"), "rows after the batches");

        // Manual commit and rollback.
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM wire_jdbc WHERE n >= 1000");
            checkEq(15L, count(c, "SELECT count(*) FROM wire_jdbc"), "inside the transaction");
            c.rollback();
            checkEq(215L, count(c, "SELECT count(*) FROM wire_jdbc"), "after rollback");
            s.executeUpdate("UPDATE wire_jdbc SET name = 'committed' WHERE n = 1");
            Savepoint sp = c.setSavepoint();
            s.executeUpdate("DELETE FROM wire_jdbc");
            c.rollback(sp);
            c.commit();
        }
        checkEq(1L, count(c, "SELECT count(*) FROM wire_jdbc WHERE name = 'committed'"),
                "after commit");
        checkEq(215L, count(c, "SELECT count(*) FROM wire_jdbc"), "after the savepoint");
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1/0");
            throw new AssertionError("division by zero did not fail");
        } catch (SQLException e) {
            checkEq("22012", e.getSQLState(), "SQLSTATE of division by zero");
        }
        c.rollback();

        // setFetchSize in a transaction: rows come 10 at a time from a
        // portal the server keeps suspended between Executes.
        try (PreparedStatement q = c.prepareStatement(
                "SELECT n FROM wire_jdbc WHERE n >= 1000 ORDER BY n")) {
            q.setFetchSize(10);
            try (ResultSet rs = q.executeQuery()) {
                int want = 1000;
                while (rs.next()) checkEq(want++, rs.getInt(1), "fetched row");
                checkEq(1200, want, "rows fetched in batches");
            }
        }
        c.commit();
        c.setAutoCommit(true);

        // DatabaseMetaData: the table, its columns and primary key.
        DatabaseMetaData md = c.getMetaData();
        check(md.getDatabaseProductName().equals("PostgreSQL"), md.getDatabaseProductName());
        try (ResultSet rs = md.getTables(null, "public", "wire_jdbc", new String[] {"TABLE"})) {
            check(rs.next(), "getTables finds wire_jdbc");
            checkEq("wire_jdbc", rs.getString("TABLE_NAME"), "TABLE_NAME");
            checkEq("TABLE", rs.getString("TABLE_TYPE"), "TABLE_TYPE");
            check(!rs.next(), "getTables: one table");
        }
        List<String> cols = new ArrayList<>();
        try (ResultSet rs = md.getColumns(null, "public", "wire_jdbc", "%")) {
            while (rs.next()) {
                cols.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME") + ":"
                        + rs.getInt("DATA_TYPE") + ":" + rs.getInt("NULLABLE"));
            }
        }
        checkEq("[id:serial:4:0, n:int4:4:1, big:int8:-5:1, name:text:12:0, price:numeric:2:1,"
                        + " at:timestamp:93:1, ok:bool:-7:1]",
                cols.toString(), "getColumns");
        try (ResultSet rs = md.getPrimaryKeys(null, "public", "wire_jdbc")) {
            check(rs.next(), "getPrimaryKeys finds a key");
            checkEq("id", rs.getString("COLUMN_NAME"), "primary key column");
            checkEq("wire_jdbc_pkey", rs.getString("PK_NAME"), "primary key name");
            check(!rs.next(), "one key column");
        }
    }

    // A notification sent with pg_notify's parameters bound (extended
    // protocol) reaches a listener waiting in getNotifications; the driver
    // follows application_name from ParameterStatus.
    static void notifications(Connection c, Connection listener) throws Exception {
        PGConnection pg = listener.unwrap(PGConnection.class);
        try (Statement s = listener.createStatement()) {
            s.execute("LISTEN wire_jdbc");
        }
        int sender;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            check(rs.next(), "pg_backend_pid");
            sender = rs.getInt(1);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, "wire_jdbc");
            ps.setString(2, "from jdbc");
            ps.executeQuery().close();
        }
        PGNotification[] got = pg.getNotifications(5000);
        check(got != null && got.length == 1, "one notification: " + Arrays.toString(got));
        checkEq("wire_jdbc", got[0].getName(), "notification channel");
        checkEq("from jdbc", got[0].getParameter(), "notification payload");
        checkEq(sender, got[0].getPID(), "notification sender");

        try (Statement s = listener.createStatement()) {
            s.execute("SET application_name = 'jdbc-app'");
        }
        checkEq("jdbc-app", pg.getParameterStatus("application_name"), "application_name status");
        checkEq("jdbc-app", listener.getClientInfo("ApplicationName"), "ApplicationName");
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            check(rs.next(), "a count");
            return rs.getLong(1);
        }
    }
}
