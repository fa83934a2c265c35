package org.millrace.transcoder.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the segments FFmpeg's hls muxer has finished in one rendition's work directory by reading the playlist it
 * keeps there: the muxer lists a segment only once it has closed its file, so a listed segment is complete. Only
 * used as a signal; the playlists published are ours.
 */
final class FinishedSegments {
    private final Path dir;
    private final Path playlist;
    private int seen;

    FinishedSegments(Path dir, String playlistName) {
        this.dir = dir;
        this.playlist = dir.resolve(playlistName);
    }

    /** Segments listed since the last call, oldest first. */
    List<LocalSegment> poll() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(playlist);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<LocalSegment> fresh = new ArrayList<>();
        int index = 0;
        double duration = -1;
        for (String raw : lines) {
            String line = raw.trim();
            if (line.startsWith("#EXTINF:")) {
                int comma = line.indexOf(',');
                duration = Double.parseDouble(line.substring(8, comma < 0 ? line.length() : comma));
            } else if (!line.isEmpty() && !line.startsWith("#") && duration >= 0) {
                if (index >= seen) {
                    fresh.add(new LocalSegment(index, duration, dir.resolve(line)));
                }
                index++;
                duration = -1;
            }
        }
        seen += fresh.size();
        return fresh;
    }
}
