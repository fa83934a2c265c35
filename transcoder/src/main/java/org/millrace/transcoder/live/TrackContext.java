package org.millrace.transcoder.live;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.millrace.core.media.LivePlaylistListener;
import org.millrace.core.media.LiveSessionInfo;

/**
 * What every rendition of one epoch (one publisher's run) packages into: the session's storage prefix and
 * playlists, the epoch's numbering and start, the pipeline's uploader, metrics and work directory, the part target
 * and segment duration, who is told of each playlist change and what runs once a rendition lists a segment.
 */
record TrackContext(
        LiveSessionInfo info,
        String sessionPrefix,
        SessionPlaylists playlists,
        SessionPlaylists.Epoch epoch,
        Instant epochStart,
        SegmentUploader uploader,
        PipelineMetrics metrics,
        Path work,
        Duration partTarget,
        Duration segmentDuration,
        int partSegments,
        LivePlaylistListener listener,
        Runnable onListed) {}
