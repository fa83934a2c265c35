package org.millrace.core.media;

import java.util.List;

/**
 * Told when a live session's renditions are playable (its master playlist is written), so the streams service can
 * show them. Called from a transcoder thread: implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface LiveRenditionsListener {
    void renditionsReady(LiveSessionInfo session, List<RenditionInfo> renditions);

    static LiveRenditionsListener none() {
        return (session, renditions) -> {};
    }
}
