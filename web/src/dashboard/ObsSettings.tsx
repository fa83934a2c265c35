// What a streamer pastes into OBS, with copy buttons and a short how-to; the key itself only while this tab
// remembers it from create or rotate (the server cannot show it again).
import { CopyField } from '../components/CopyField';
import type { OwnedStream } from '../types';
import { publishUrl } from './format';

export function ObsSettings({ stream, streamKey }: { stream: OwnedStream; streamKey: string | null }) {
  return (
    <section className="panel" aria-labelledby="obs-settings">
      <h2 id="obs-settings">OBS settings</h2>
      {streamKey ? (
        <>
          <CopyField
            name="srt-url"
            label="Server (the whole SRT URL)"
            value={publishUrl(stream.srtServer, streamKey, stream.passphrase)}
            secret
          />
          <CopyField name="server" label="SRT server" value={stream.srtServer} />
          <CopyField name="stream-key" label="Stream key" value={streamKey} secret />
          <p className="muted">
            Copy the key now: the server keeps only a hash of it, so it is shown only until this page is reloaded or
            closed. Rotate it to get a new one.
          </p>
        </>
      ) : (
        <>
          <CopyField name="server" label="SRT server" value={stream.srtServer} />
          <p className="notice">
            The stream key is shown only once, when it is made. If you no longer have it, rotate the key below: OBS then
            needs the new URL.
          </p>
        </>
      )}
      {stream.passphrase && <CopyField name="passphrase" label="Passphrase" value={stream.passphrase} secret />}
      <details className="howto">
        <summary>How to set up OBS</summary>
        <ol>
          <li>
            OBS → Settings → Stream: Service <b>Custom…</b>; paste the whole SRT URL into <b>Server</b> and leave
            <b> Stream Key</b> empty (it is in the URL, with the passphrase).
          </li>
          <li>
            Settings → Output (Advanced): encoder x264 or your GPU's H.264, rate control CBR, 2,500–6,000 Kbps,
            <b> keyframe interval 1 s</b>; audio AAC 128–160 Kbps.
          </li>
          <li>Settings → Video: up to 1920×1080 at 30 or 60 fps.</li>
          <li>
            Start Streaming. This page turns <b>Live</b> within a few seconds; viewers get 1080p to 360p.
          </li>
          <li>
            On a lossy or far link, add <code>&amp;latency=500000</code> (microseconds) to the URL.
          </li>
        </ol>
        <p className="muted">
          Without OBS:{' '}
          <code>
            ffmpeg -re -i input.mp4 -c:v libx264 -g 30 -c:a aac -f mpegts &quot;&lt;SRT URL&gt;&amp;linger=5&quot;
          </code>
        </p>
      </details>
    </section>
  );
}
