package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.security.AccessTokens;
import org.millrace.core.security.Principal;
import org.millrace.testkit.Commands;

/**
 * Issue 5's acceptance, end to end through the all-in-one server (ephemeral ports): Debian's ffmpeg (a libsrt
 * caller) publishes 30 s of a 1280x720 30 fps test pattern with audio over SRT; the real ingest hands it to the
 * transcoder, whose HLS lands in the server's storage. The master lists source + 480p + 360p with valid attributes;
 * every segment of every rendition decodes (ffprobe), video segments start with a keyframe and last the 1 s target
 * within 10 % (the publisher sends a keyframe a second, as the README asks of OBS), sequences line up across rungs, and once the session ends (the publisher stopped, the grace over) every
 * playlist gets EXT-X-ENDLIST.
 */
class AllInOneSrtTranscodeTest {
    static final int SECONDS = 30;
    static final double TARGET = 1.0;

    @TempDir
    Path data;

    record Entry(long sequence, double duration, String uri, String map) {}

    private static String run(List<String> command) throws Exception {
        return Commands.run(command, 120);
    }

    @Test
    void aThirtySecondSrtPublishBecomesValidAlignedHls() throws Exception {
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_SRT_PORT",
                        "0",
                        // the playlists end when the session does (the grace over), not when the publisher leaves
                        "MILLRACE_RECONNECT_GRACE_SECONDS",
                        "2"))
                .load();
        // 1280x720 30 fps + 440 Hz tone, keyframe every 2 s (so the copied source cuts where the rungs do).
        Path ts = data.resolve("src.ts");
        run(List.of(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1280x720:rate=30",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                Integer.toString(SECONDS),
                "-pix_fmt",
                "yuv420p",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-b:v",
                "2M",
                "-maxrate",
                "2M",
                "-bufsize",
                "1M",
                "-g",
                "30",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                "-f",
                "mpegts",
                ts.toString()));
        Vertx tokenVertx = Vertx.vertx();
        try (AllInOneServer server = AllInOneServer.start(config)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.httpPort();
            String token = new AccessTokens(tokenVertx, config.jwtSecret(), Duration.ofMinutes(5))
                    .issue(new Principal("u-1", "erin", List.of("user")));
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/streams"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Acceptance\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonObject stream = new JsonObject(created.body());
            String id = stream.getString("id");
            String srtUrl = stream.getString("srtUrl").replaceFirst(":0\\?", ":" + server.srtPort() + "?");
            Process ffmpeg = new ProcessBuilder(
                            "ffmpeg",
                            "-hide_banner",
                            "-loglevel",
                            "error",
                            "-nostdin",
                            "-re",
                            "-i",
                            ts.toString(),
                            "-c",
                            "copy",
                            "-f",
                            "mpegts",
                            srtUrl + "&linger=5")
                    .redirectErrorStream(true)
                    .redirectOutput(data.resolve("ffmpeg.log").toFile())
                    .start();
            try {
                JsonObject live = new JsonObject();
                for (int i = 0; i < 200 && !"live".equals(live.getString("status")); i++) {
                    Thread.sleep(50);
                    live = new JsonObject(http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/api/streams/" + id))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body());
                }
                assertThat(live.getString("status")).isEqualTo("live");
                Path dir = config.storageRoot()
                        .resolve(config.storageBucket())
                        .resolve("live/" + id + "/" + live.getString("sessionId"));

                // While live, the gateway serves the master the transcoder wrote.
                for (int i = 0; i < 200 && !Files.exists(dir.resolve("master.m3u8")); i++) {
                    Thread.sleep(100);
                }
                HttpResponse<String> master = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/live/" + id + "/master.m3u8"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(master.statusCode()).as(master.body()).isEqualTo(200);
                assertThat(master.body()).contains("source/index.m3u8");

                assertThat(ffmpeg.waitFor(SECONDS + 30, TimeUnit.SECONDS)).isTrue();
                assertThat(ffmpeg.exitValue())
                        .as(Files.readString(data.resolve("ffmpeg.log")))
                        .isZero();
                // The publisher stopped: every playlist ends.
                List<String> renditions = List.of("source", "480p", "360p", "audio");
                for (int i = 0; i < 300 && !renditions.stream().allMatch(r -> ended(dir.resolve(r))); i++) {
                    Thread.sleep(100);
                }
                assertThat(renditions).allSatisfy(r -> assertThat(ended(dir.resolve(r)))
                        .as(r + " ended")
                        .isTrue());

                checkMaster(Files.readString(dir.resolve("master.m3u8")));
                List<Long> sequences = null;
                for (String rendition : List.of("source", "480p", "360p")) {
                    List<Entry> entries = entries(Files.readString(dir.resolve(rendition + "/index.m3u8")));
                    assertThat(entries)
                            .as(rendition)
                            .hasSizeBetween((int) (SECONDS / TARGET) - 1, (int) (SECONDS / TARGET) + 1);
                    List<Long> seq = entries.stream().map(Entry::sequence).toList();
                    sequences = sequences == null ? seq : sequences;
                    assertThat(seq).as("sequences aligned across rungs").isEqualTo(sequences);
                    for (int i = 0; i < entries.size(); i++) {
                        Entry e = entries.get(i);
                        List<String> keyFlags = probe(dir.resolve(rendition), e, "v:0", "key_frame");
                        assertThat(keyFlags)
                                .as(rendition + " segment " + e.sequence() + " decodes")
                                .isNotEmpty();
                        assertThat(keyFlags.get(0))
                                .as(rendition + " " + e.sequence() + " keyframe first")
                                .startsWith("1");
                        if (i < entries.size() - 1) { // the last segment ends where the publisher stopped
                            assertThat(e.duration())
                                    .as(rendition + " " + e.sequence() + " EXTINF")
                                    .isBetween(TARGET * 0.9, TARGET * 1.1);
                            assertThat(keyFlags.size() / 30.0)
                                    .as(rendition + " " + e.sequence() + " frames / fps")
                                    .isBetween(TARGET * 0.9, TARGET * 1.1);
                        }
                    }
                }
                List<Entry> audio = entries(Files.readString(dir.resolve("audio/index.m3u8")));
                assertThat(audio.size()).isBetween(sequences.size() - 1, sequences.size() + 1);
                for (Entry e : audio) {
                    assertThat(probe(dir.resolve("audio"), e, "a:0", "nb_samples"))
                            .as("audio " + e.sequence())
                            .isNotEmpty();
                }
            } finally {
                ffmpeg.destroy();
            }
        } finally {
            tokenVertx.close();
        }
    }

    private static void checkMaster(String master) {
        assertThat(master)
                .startsWith("#EXTM3U")
                .contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\"")
                .doesNotContain("720p/")
                .doesNotContain("1080p/");
        for (String[] v : List.of(
                new String[] {"1280x720", "source"}, new String[] {"854x480", "480p"}, new String[] {"640x360", "360p"
                })) {
            assertThat(master)
                    .as(v[1])
                    .containsPattern("#EXT-X-STREAM-INF:BANDWIDTH=[1-9]\\d{5,},"
                            + "AVERAGE-BANDWIDTH=[1-9]\\d{5,},RESOLUTION=" + v[0] + ",FRAME-RATE=30\\.000,"
                            + "CODECS=\"avc1\\.[0-9a-f]{6},mp4a\\.40\\.2\",AUDIO=\"aac\"\n" + v[1] + "/index\\.m3u8");
        }
    }

    private static boolean ended(Path rendition) {
        try {
            return Files.readString(rendition.resolve("index.m3u8")).endsWith("#EXT-X-ENDLIST\n");
        } catch (Exception e) {
            return false;
        }
    }

    private static List<Entry> entries(String playlist) {
        List<Entry> out = new ArrayList<>();
        long sequence = -1;
        double duration = -1;
        String map = null;
        for (String line : playlist.split("\n")) {
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                sequence = Long.parseLong(line.substring(22));
            } else if (line.startsWith("#EXT-X-MAP:URI=\"")) {
                map = line.substring(16, line.length() - 1);
            } else if (line.startsWith("#EXTINF:")) {
                duration = Double.parseDouble(line.substring(8, line.indexOf(',')));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                out.add(new Entry(sequence++, duration, line, map));
            }
        }
        return out;
    }

    /** ffprobe's per-frame {@code entry} of {@code stream} in init + segment, one line per decoded frame. */
    private List<String> probe(Path rendition, Entry e, String stream, String entry) throws Exception {
        Path file = data.resolve("probe.mp4");
        Files.write(file, Files.readAllBytes(rendition.resolve(e.map())));
        Files.write(file, Files.readAllBytes(rendition.resolve(e.uri())), java.nio.file.StandardOpenOption.APPEND);
        return run(List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-select_streams",
                        stream,
                        "-show_entries",
                        "frame=" + entry,
                        "-of",
                        "csv=p=0",
                        file.toString()))
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
    }
}
