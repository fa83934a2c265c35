package org.millrace.transcoder.live;

import java.nio.file.Path;

/** A segment FFmpeg's hls muxer finished in the work directory: its index in this epoch, duration and file. */
record LocalSegment(int index, double durationSeconds, Path file) {
}
