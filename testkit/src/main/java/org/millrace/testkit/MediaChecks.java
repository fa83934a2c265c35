package org.millrace.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** What the tests check of media with Debian's ffmpeg and ffprobe, and of bytes. */
public final class MediaChecks {
    private MediaChecks() {}

    /** What ffmpeg sends of {@code ts} with {@code -c copy -f mpegts}: the same remux, written to {@code out}. */
    public static byte[] remux(Path ts, Path out) throws Exception {
        Commands.run(
                List.of(
                        "ffmpeg",
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-nostdin",
                        "-y",
                        "-i",
                        ts.toString(),
                        "-c",
                        "copy",
                        "-f",
                        "mpegts",
                        out.toString()),
                60);
        return Files.readAllBytes(out);
    }

    public static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The media duration ffprobe reads from the container, in seconds. */
    public static double duration(Path file) throws Exception {
        String out = Commands.run(
                List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-show_entries",
                        "format=duration",
                        "-of",
                        "default=noprint_wrappers=1:nokey=1",
                        file.toString()),
                60);
        return Double.parseDouble(out.strip());
    }

    /**
     * Decodes every frame; answers what ffmpeg reported as errors (empty when clean). {@code outputOptions} go before
     * the null output (e.g. a time base for the frames on the way out).
     */
    public static String decodeErrors(Path file, String... outputOptions) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", file.toString()));
        cmd.addAll(List.of(outputOptions));
        cmd.addAll(List.of("-f", "null", "-"));
        return Commands.run(cmd, 120).strip();
    }

    /** The types of an ISO-BMFF file's top-level boxes, in order (e.g. ftyp, moov, mdat). */
    public static List<String> topLevelBoxes(byte[] file) {
        List<String> types = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file);
        int at = 0;
        while (at + 8 <= file.length) {
            long size = Integer.toUnsignedLong(b.getInt(at));
            String type = new String(file, at + 4, 4, StandardCharsets.US_ASCII);
            if (size == 1 && at + 16 <= file.length) {
                size = b.getLong(at + 8);
            } else if (size == 0) {
                size = file.length - at;
            }
            types.add(type);
            if (size < 8) {
                break;
            }
            at += (int) size;
        }
        return types;
    }
}
