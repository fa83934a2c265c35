// The shapes of the public contract the pages read.
export interface Owner {
  id: string;
  username: string;
}

export interface Stream {
  id: string;
  title: string;
  description?: string;
  owner: Owner;
  status: 'live' | 'reconnecting' | 'offline';
  startedAt: string | null;
  viewers: number;
  thumbnailUrl: string | null;
  playbackUrl: string;
}

export interface Video {
  id: string;
  title: string;
  description: string;
  tags: string[];
  visibility: string;
  owner: Owner;
  durationSeconds: number;
  width: number;
  height: number;
  createdAt: string;
  views: number;
  likes: number;
  likedByMe?: boolean;
  posterUrl: string | null;
  hlsUrl: string | null;
  mp4Url: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type RecordingVisibility = 'public' | 'unlisted' | 'private';

/** What the owner sees of a stream (GET /api/streams/{id} with the owner's token). */
export interface OwnedStream extends Stream {
  sessionId: string | null;
  createdAt: string;
  disabled?: boolean;
  passphrase: string | null;
  srtServer: string;
  recordingVisibility: RecordingVisibility;
}

/** Create and rotate answer with the key itself: the only time it is shown (the server keeps a hash). */
export interface StreamWithKey extends OwnedStream {
  streamKey: string;
  srtUrl: string;
}

export interface StreamStats {
  streamId: string;
  status: Stream['status'];
  sessionId: string | null;
  startedAt: string | null;
  uptimeSeconds: number;
  viewers: number;
  publisherConnected: boolean;
  bitrateKbps: number | null;
  rttMs: number | null;
  packetLossPercent: number | null;
  retransmits: number;
  fps: number | null;
  speed: number | null;
  /** The last encoder refused on this stream in the past 10 minutes (an SRT rejection code is all OBS shows). */
  lastRefusal?: { reason: string; at: string } | null;
  /** Why the server last stopped playing this connection's media (restarted: it picked the stream up again). */
  mediaError?: { reason: string; detail: string; at: string; restarted: boolean } | null;
}

export interface Recording {
  id: string;
  streamId: string;
  sessionId: string;
  title: string;
  status: 'recording' | 'pending' | 'processing' | 'ready' | 'failed';
  attempts: number;
  error: string | null;
  durationSeconds: number | null;
  videoId: string | null;
  sessionStartedAt: string | null;
  sessionEndedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An upload as its owner sees it (GET /api/uploads/{id}, the items of GET /api/uploads). */
export interface UploadInfo {
  id: string;
  status: 'uploading' | 'queued' | 'processing' | 'ready' | 'failed';
  progress: number | null;
  videoId: string | null;
  error: string | null;
  filename?: string;
  title?: string;
  offset?: number;
  length?: number;
  createdAt?: string;
}
