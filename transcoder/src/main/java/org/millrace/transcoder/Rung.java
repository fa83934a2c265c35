package org.millrace.transcoder;

/** One encoded rendition of the ladder: its name in storage, output height and H.264 video bitrate. */
public record Rung(String name, int height, int videoBitrate) {
    public Rung {
        if (height <= 0 || height % 2 != 0) {
            throw new IllegalArgumentException("height must be positive and even: " + height);
        }
        if (videoBitrate <= 0) {
            throw new IllegalArgumentException("videoBitrate must be positive");
        }
    }

    /** Width for a source of {@code sourceWidth}x{@code sourceHeight}, kept even (libx264 needs 4:2:0 halves). */
    public int widthFor(int sourceWidth, int sourceHeight) {
        int w = (int) Math.round((double) sourceWidth * height / sourceHeight);
        return w + (w % 2);
    }
}
