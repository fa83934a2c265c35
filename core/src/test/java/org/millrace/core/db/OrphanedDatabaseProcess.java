package org.millrace.core.db;

import java.nio.file.Path;

/** Run in a child JVM by the tests: starts the embedded database, says READY, and waits to be killed. */
public final class OrphanedDatabaseProcess {
    public static void main(String[] args) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]));
        Migrations.apply(db.settings(1), "core");
        System.out.println("READY " + db.serverPid().orElseThrow());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
