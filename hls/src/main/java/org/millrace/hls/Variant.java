package org.millrace.hls;

/**
 * One video variant in the master playlist: peak and average bandwidth in bits per second (audio included),
 * resolution, frame rate and the RFC 6381 codecs string.
 */
public record Variant(
        String uri, long bandwidth, long averageBandwidth, int width, int height, double frameRate, String codecs) {}
