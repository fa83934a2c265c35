package org.millrace.core.storage.upload;

/**
 * A point up to which an upload's bytes are durably stored: {@code offset} bytes, with the storage state that
 * describes them; {@code complete} when they are the whole upload and its source object exists.
 */
public record UploadCheckpoint(long offset, UploadObjectState state, boolean complete) {}
