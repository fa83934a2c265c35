package org.millrace.uploads.media;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small media files made by Debian's ffmpeg, and what Debian's ffprobe says of a file. */
public final class Fixtures {
    private Fixtures() {}

    /** Runs {@code ffmpeg -y <args> <out>} and answers {@code out}. */
    public static Path ffmpeg(Path out, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-y", "-hide_banner", "-loglevel", "error"));
        command.addAll(List.of(args));
        command.add(out.toString());
        run(command);
        return out;
    }

    /** A test pattern with a tone: {@code seconds} long, {@code size} (WxH), H.264 High + AAC in MP4. */
    public static Path h264(Path out, String size, double seconds) throws IOException, InterruptedException {
        return ffmpeg(
                out,
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + size + ":rate=30:duration=" + seconds,
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000:duration=" + seconds,
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-g",
                "30",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                "-shortest");
    }

    public static JsonObject probe(Path file, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format"));
        command.addAll(List.of(extra));
        command.add(file.toString());
        return new JsonObject(run(command));
    }

    /** The first stream of {@code type} ("video", "audio"), or null. */
    public static JsonObject stream(JsonObject probe, String type) {
        JsonArray streams = probe.getJsonArray("streams", new JsonArray());
        for (int i = 0; i < streams.size(); i++) {
            if (type.equals(streams.getJsonObject(i).getString("codec_type"))) {
                return streams.getJsonObject(i);
            }
        }
        return null;
    }

    /** Frames ffmpeg decodes from {@code input} (a playlist or a file). */
    public static int decodedFrames(Path input) throws IOException, InterruptedException {
        String out = run(List.of(
                "ffprobe",
                "-v",
                "error",
                "-count_frames",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=nb_read_frames",
                "-of",
                "csv=p=0",
                input.toString()));
        return Integer.parseInt(out.strip().split("\\s+")[0].replace(",", ""));
    }

    /** The top-level MP4 box types, in order. */
    public static List<String> topLevelBoxes(Path mp4) throws IOException {
        List<String> boxes = new ArrayList<>();
        try (var channel = Files.newByteChannel(mp4)) {
            long at = 0;
            long size = channel.size();
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(16);
            while (at + 8 <= size) {
                header.clear().limit(16);
                channel.position(at);
                channel.read(header);
                long boxSize = Integer.toUnsignedLong(header.getInt(0));
                boxes.add(new String(header.array(), 4, 4, StandardCharsets.US_ASCII));
                if (boxSize == 1) {
                    boxSize = header.getLong(8);
                } else if (boxSize == 0) {
                    boxSize = size - at;
                }
                if (boxSize < 8) {
                    break;
                }
                at += boxSize;
            }
        }
        return boxes;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
