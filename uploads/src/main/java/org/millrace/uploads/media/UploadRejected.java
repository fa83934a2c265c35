package org.millrace.uploads.media;

/**
 * The uploaded file cannot become a video, and trying again will not change that: its message is shown to the
 * uploader as the job's {@code error}, so it says what the file is and what would work instead.
 */
public final class UploadRejected extends Exception {
    public UploadRejected(String message) {
        super(message, null, false, false);
    }
}
