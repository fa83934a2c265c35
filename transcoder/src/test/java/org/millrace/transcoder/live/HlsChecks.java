package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.millrace.core.storage.Storage;
import org.millrace.testkit.Commands;

/** Reads our playlists back from storage and checks segments with ffprobe. */
final class HlsChecks {
    private HlsChecks() {}

    record Entry(long sequence, double duration, String uri, String map, boolean discontinuity, boolean gap) {}

    static String text(Storage storage, String key) throws IOException {
        try (var o = storage.get(key)) {
            return new String(o.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<Entry> entries(String playlist) {
        List<Entry> out = new ArrayList<>();
        long sequence = -1;
        double duration = -1;
        String map = null;
        boolean disc = false;
        boolean gap = false;
        for (String line : playlist.split("\n")) {
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                sequence = Long.parseLong(line.substring(22));
            } else if (line.startsWith("#EXT-X-MAP:URI=\"")) {
                map = line.substring(16, line.length() - 1);
            } else if (line.equals("#EXT-X-DISCONTINUITY")) {
                disc = true;
            } else if (line.equals("#EXT-X-GAP")) {
                gap = true;
            } else if (line.startsWith("#EXTINF:")) {
                duration = Double.parseDouble(line.substring(8, line.indexOf(',')));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                out.add(new Entry(sequence++, duration, line, map, disc, gap));
                disc = false;
                gap = false;
            }
        }
        return out;
    }

    /** Init + segment into one file, then ffprobe's video frames: "key_frame,pts_time" lines. */
    static List<String> probeFrames(Storage storage, String dir, Entry e, Path tmp, String stream) throws Exception {
        Path file = tmp.resolve("probe-" + dir.replace('/', '_') + e.sequence() + ".mp4");
        try (OutputStream out = Files.newOutputStream(file);
                var init = storage.get(dir + e.map());
                var seg = storage.get(dir + e.uri())) {
            init.body().transferTo(out);
            seg.body().transferTo(out);
        }
        String csv = Commands.run(
                List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-select_streams",
                        stream,
                        "-show_entries",
                        "frame=key_frame",
                        "-of",
                        "csv=p=0",
                        file.toString()),
                60);
        Files.delete(file);
        return csv.lines().filter(l -> !l.isBlank()).toList();
    }

    static void assertNoTranscoderThreads() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && transcoderThreads() > 0) {
            Thread.sleep(50);
        }
        StringBuilder left = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.isAlive() && t.getName().startsWith("millrace-transcoder-")) {
                left.append('\n').append(t.getName());
                for (StackTraceElement e : stack) {
                    left.append("\n  at ").append(e);
                }
            }
        });
        assertThat(transcoderThreads()).as("transcoder threads left:%s", left).isZero();
    }

    private static long transcoderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("millrace-transcoder-"))
                .count();
    }
}
