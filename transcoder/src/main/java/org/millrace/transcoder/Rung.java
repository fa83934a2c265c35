package org.millrace.transcoder;

/**
 * One encoded rendition of the ladder: its name in storage, output size and H.264 video bitrate. {@code height} is
 * the picture's short side, as "720p" means: 1280x720 for a landscape source, 720x1280 for a portrait one (a phone
 * held upright), so both get the same pixels for the same bitrate.
 */
public record Rung(String name, int height, int videoBitrate) {
    public Rung {
        if (height <= 0 || height % 2 != 0) {
            throw new IllegalArgumentException("height must be positive and even: " + height);
        }
        if (videoBitrate <= 0) {
            throw new IllegalArgumentException("videoBitrate must be positive");
        }
    }

    /**
     * {width, height} for a source of {@code sourceWidth}x{@code sourceHeight}: its short side this rung's, the
     * other scaled alike and kept even (libx264 needs 4:2:0 halves).
     */
    public int[] sizeFor(int sourceWidth, int sourceHeight) {
        if (sourceWidth >= sourceHeight) {
            return new int[] {even((double) sourceWidth * height / sourceHeight), height};
        }
        return new int[] {height, even((double) sourceHeight * height / sourceWidth)};
    }

    private static int even(double size) {
        int n = (int) Math.round(size);
        return n + (n % 2);
    }
}
