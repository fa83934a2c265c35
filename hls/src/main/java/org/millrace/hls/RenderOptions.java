package org.millrace.hls;

import java.util.List;

/**
 * What an LL-HLS render of a media playlist adds for one request: a delta update ({@code skip}: the segments older
 * than CAN-SKIP-UNTIL replaced by EXT-X-SKIP) and the sibling renditions' reports.
 */
public record RenderOptions(boolean skip, List<RenditionReport> reports) {
    public static final RenderOptions FULL = new RenderOptions(false, List.of());

    public RenderOptions {
        reports = reports == null ? List.of() : List.copyOf(reports);
    }
}
