package org.millrace.core.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;

/** The configuration a test server runs with: its data under one directory, HTTP on a free port of 127.0.0.1. */
public final class TestConfigs {
    private TestConfigs() {}

    public static MillraceConfig local(Path dataDir) {
        return local(dataDir, Map.of());
    }

    /** With more {@code MILLRACE_*} variables on top (they win over the defaults above). */
    public static MillraceConfig local(Path dataDir, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "MILLRACE_DATA_DIR", dataDir.toString(), "MILLRACE_HTTP_PORT", "0", "MILLRACE_HTTP_HOST", "127.0.0.1"));
        env.putAll(more);
        return new ConfigLoader(env).load();
    }
}
