package org.millrace.core.config;

import java.time.Duration;
import org.millrace.hls.LowLatency;

/**
 * The shape of every live playlist, shared by the transcoder that writes them and the gateway that follows them in
 * memory (both must agree, or the gateway's copy keeps other segments than storage has): the segment target, the DVR
 * window, the LL-HLS part target and how many complete segments keep their parts listed.
 *
 * @param segmentTarget the EXT-X-TARGETDURATION the transcoder cuts segments to (at keyframes)
 * @param dvrWindow     how much of the session a live playlist keeps seekable
 * @param partTarget    the longest a part may be ({@code MILLRACE_HLS_PART_MS})
 * @param partSegments  complete segments whose parts stay listed (and stored) after the one being written
 */
public record LiveHlsSettings(Duration segmentTarget, Duration dvrWindow, Duration partTarget, int partSegments) {
    /** Delta updates may skip segments older than this many target durations (RFC 8216bis: at least six). */
    private static final int SKIP_TARGETS = 6;

    public LiveHlsSettings {
        if (segmentTarget.toMillis() < 500) {
            throw new IllegalArgumentException("segmentTarget too short: " + segmentTarget);
        }
        if (partTarget.toMillis() < 100 || partTarget.compareTo(segmentTarget) > 0) {
            throw new IllegalArgumentException("partTarget " + partTarget + " outside 100 ms .. " + segmentTarget);
        }
        if (dvrWindow.compareTo(segmentTarget.multipliedBy(SKIP_TARGETS)) < 0 || partSegments < 1) {
            throw new IllegalArgumentException("dvrWindow " + dvrWindow + ", partSegments " + partSegments);
        }
    }

    /**
     * 1 s segments, a 2 h DVR window, parts of at most 200 ms listed for the last 3 segments. One second because a
     * classic (non-LL) player sits HOLD-BACK, at least three target durations, behind the edge: 1 s keeps it near 4 s
     * glass to glass where 2 s gave 7.5 s; LL players, at three parts behind, do not care.
     */
    public static LiveHlsSettings defaults() {
        return new LiveHlsSettings(Duration.ofSeconds(1), Duration.ofHours(2), Duration.ofMillis(200), 3);
    }

    public LiveHlsSettings withPartTarget(Duration target) {
        return new LiveHlsSettings(segmentTarget, dvrWindow, target, partSegments);
    }

    public LiveHlsSettings withSegmentTarget(Duration target) {
        return new LiveHlsSettings(target, dvrWindow, partTarget, partSegments);
    }

    /** How the playlists do LL-HLS: these parts, skips up to six target durations. */
    public LowLatency lowLatency() {
        return new LowLatency(partTarget, partSegments, segmentTarget.multipliedBy(SKIP_TARGETS));
    }
}
