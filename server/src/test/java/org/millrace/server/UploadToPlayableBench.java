package org.millrace.server;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.Database;
import org.millrace.core.storage.Storage;
import org.millrace.core.storage.StorageFactory;

/**
 * Benchmark (bench/upload-to-playable.sh): from the moment an upload's last byte is in storage (its row turns
 * {@code queued}) to a playable video: the all-in-one server's worker claims it, transcodes, publishes, imports,
 * and {@code /vod/<id>/master.m3u8} plus the first segment of its first rendition answer 200.
 */
public final class UploadToPlayableBench {
    private UploadToPlayableBench() {}

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path data = Files.createTempDirectory("upload-playable");
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_SRT_PORT",
                        "0"))
                .load();
        try (AllInOneServer server = AllInOneServer.start(config);
                Storage storage = StorageFactory.create(config)) {
            Vertx vertx = Vertx.vertx();
            Pool pool = Database.pool(vertx, server.database());
            storage.put("uploads/bench/source", source, "video/mp4");
            long t0 = System.nanoTime();
            pool.preparedQuery("INSERT INTO uploads (id, owner_id, owner_username, filename, title, visibility, "
                            + "upload_length, upload_offset, source_key, status, expires_at) VALUES ('bench', 'u-b', "
                            + "'bench', 'bench.mp4', 'Bench', 'public', $1, $1, 'uploads/bench/source', 'queued', "
                            + "now() + interval '1 day')")
                    .execute(Tuple.of(Files.size(source)))
                    .await(10, TimeUnit.SECONDS);
            Row row;
            while (true) {
                row = pool.query("SELECT status, video_id, error FROM uploads WHERE id = 'bench'")
                        .execute()
                        .await(10, TimeUnit.SECONDS)
                        .iterator()
                        .next();
                if (!row.getString("status").equals("queued")
                        && !row.getString("status").equals("processing")) {
                    break;
                }
                Thread.sleep(200);
            }
            if (!"ready".equals(row.getString("status"))) {
                throw new IllegalStateException("upload failed: " + row.getString("error"));
            }
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.httpPort() + "/vod/" + row.getString("video_id") + "/";
            String master = get(http, base + "master.m3u8");
            String first = master.lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .findFirst()
                    .orElseThrow();
            String media = get(http, base + first);
            String segment =
                    media.lines().filter(l -> l.endsWith(".m4s")).findFirst().orElseThrow();
            get(http, base + first.substring(0, first.indexOf('/') + 1) + segment);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.println(String.format(Locale.ROOT, "millrace last-byte-to-playable=%.1fs", seconds));
            pool.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
        return r.body();
    }
}
