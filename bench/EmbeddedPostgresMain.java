// A standalone PostgreSQL for the cluster benchmarks: the embedded binaries the jar carries, started on a free port
// with its data in the directory given; prints "PGPORT <port>" and runs until killed.
// Usage: java -cp server/target/millrace-server.jar bench/EmbeddedPostgresMain.java <data-dir>
public class EmbeddedPostgresMain {
    public static void main(String[] args) throws Exception {
        var db = org.millrace.core.db.EmbeddedDatabase.start(java.nio.file.Path.of(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(db::close));
        System.out.println("PGPORT " + db.settings(1).port());
        Thread.sleep(Long.MAX_VALUE);
    }
}
