package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): the playlist bytes one viewer fetches per minute from a live stream 2 h into its DVR window
 * (7,200 segments of 1 s, or 3,600 of 2 s; parts of 1/3 s, two sibling renditions reporting), measured as the bodies
 * a real gateway on loopback answers: a classic player reloading the whole playlist every target duration, the same
 * with gzip, and an LL-HLS player making one blocking delta request (_HLS_msn/_HLS_part, _HLS_skip=YES) per part,
 * with and without gzip. The reference is what the gateway served before LL-HLS: storage's playlist as the
 * transcoder wrote it then, a date on every segment, uncompressed. Run by bench/playlist-bytes.sh.
 *
 * <p>Usage: {@code PlaylistBytesBench [parts measured] [segment target ms]} (default: the server's segment target)
 */
public final class PlaylistBytesBench {
    private static final String STREAM = "BytesBench000001";
    private static final DateTimeFormatter PDT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    public static void main(String[] args) throws Exception {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 36;
        LiveEdgeSettings settings = LiveEdgeSettings.defaults();
        if (args.length > 1) {
            Duration target = Duration.ofMillis(Long.parseLong(args[1]));
            settings = settings.withLiveHls(settings.liveHls().withSegmentTarget(target));
        }
        int segments =
                (int) (settings.window().toSeconds() / settings.segmentTarget().toSeconds());
        Path data = Files.createTempDirectory("millrace-playlist-bytes");
        try (LowLatencyGateway gateway = new LowLatencyGateway(data, settings)) {
            List<LiveRenditionWriter> writers = new ArrayList<>();
            for (String rendition : List.of("720p", "480p", "audio")) {
                LiveRenditionWriter w = gateway.writer(STREAM, rendition);
                w.prefill(segments - 1);
                writers.add(w);
            }
            LiveRenditionWriter video = writers.get(0);
            String before = datedEverySegment(video.stored(), settings.segmentTarget());
            get(gateway, "720p/index.m3u8", null); // followed from here on
            for (int i = 0; i < 6; i++) {
                writers.forEach(LiveRenditionWriter::part);
            }
            gateway.awaitListed(
                    STREAM, "720p", video.sequence() + "." + (video.nextPart() - 1) + ".m4s", Duration.ofSeconds(30));

            long classic = get(gateway, "720p/index.m3u8", null).body().length();
            long classicGzip = get(gateway, "720p/index.m3u8", "gzip").body().length();
            long delta = 0;
            long deltaGzip = 0;
            for (int i = 0; i < measured; i++) {
                String next = "720p/index.m3u8?_HLS_msn=" + video.sequence() + "&_HLS_part=" + video.nextPart()
                        + "&_HLS_skip=YES";
                Future<HttpResponse<Buffer>> plain = gateway.send(gateway.path(STREAM, next), null);
                Future<HttpResponse<Buffer>> gzip = gateway.send(gateway.path(STREAM, next), "gzip");
                Thread.sleep(20);
                writers.forEach(LiveRenditionWriter::part);
                delta += ok(plain.await(10, TimeUnit.SECONDS)).body().length();
                deltaGzip += ok(gzip.await(10, TimeUnit.SECONDS)).body().length();
            }
            double reloadsPerMinute = 60.0 / settings.segmentTarget().toSeconds();
            double partsPerMinute =
                    60_000.0 / settings.lowLatency().partTarget().toMillis();
            System.out.printf(
                    Locale.ROOT,
                    "stream 2 h into its DVR window: %d segments, parts of %d ms%n",
                    segments,
                    settings.lowLatency().partTarget().toMillis());
            System.out.printf(Locale.ROOT, "%-58s %10s %14s%n", "viewer", "per fetch", "per minute");
            long every = settings.segmentTarget().toSeconds();
            row(
                    "before: classic reload every " + every + " s, date on every segment",
                    before.length(),
                    reloadsPerMinute);
            row("classic reload every " + every + " s (LL playlist, sparse dates)", classic, reloadsPerMinute);
            row("classic reload every " + every + " s, gzip", classicGzip, reloadsPerMinute);
            row("LL-HLS: blocking delta request per part", delta / (double) measured, partsPerMinute);
            row("LL-HLS: blocking delta request per part, gzip", deltaGzip / (double) measured, partsPerMinute);
        }
    }

    private static void row(String viewer, double perFetch, double fetchesPerMinute) {
        System.out.printf(
                Locale.ROOT, "%-58s %8.0f B %11.1f KB%n", viewer, perFetch, perFetch * fetchesPerMinute / 1000);
    }

    private static HttpResponse<Buffer> get(LowLatencyGateway gateway, String file, String encoding) throws Exception {
        return ok(gateway.send(gateway.path(STREAM, file), encoding).await(30, TimeUnit.SECONDS));
    }

    private static HttpResponse<Buffer> ok(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.bodyAsString());
        }
        return response;
    }

    /** The classic text as the transcoder wrote it before LL-HLS: an EXT-X-PROGRAM-DATE-TIME before every EXTINF. */
    static String datedEverySegment(String classic, Duration target) {
        StringBuilder out = new StringBuilder(classic.length() * 2);
        long sequence = 0;
        String previous = "";
        for (String line : classic.split("\n")) {
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                sequence = Long.parseLong(line.substring("#EXT-X-MEDIA-SEQUENCE:".length()));
            }
            if (line.startsWith("#EXTINF:") && !previous.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                Instant at = LiveRenditionWriter.T0.plus(target.multipliedBy(sequence));
                out.append("#EXT-X-PROGRAM-DATE-TIME:").append(PDT.format(at)).append('\n');
            }
            if (!line.startsWith("#") && !line.isEmpty()) {
                sequence++;
            }
            out.append(line).append('\n');
            previous = line;
        }
        return out.toString();
    }
}
