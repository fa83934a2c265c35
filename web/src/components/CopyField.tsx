// A read-only value with a copy button (and show/hide for secrets): how the dashboard hands settings to OBS.
import { useId, useRef, useState } from 'react';

export interface CopyFieldProps {
  label: string;
  value: string;
  secret?: boolean;
  name: string;
}

/** Copies through the async clipboard, or by selecting the text where that is refused (plain http, old browsers). */
export async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall back below */
  }
  if (!input) return false;
  const type = input.type;
  input.type = 'text';
  input.select();
  const ok = document.execCommand?.('copy') ?? false;
  input.type = type;
  return ok;
}

export function CopyField({ label, value, secret = false, name }: CopyFieldProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [shown, setShown] = useState(!secret);
  const [status, setStatus] = useState('');
  const copy = async () => {
    const ok = await copyText(value, input.current);
    setStatus(ok ? 'Copied' : 'Select the text and copy it');
    setTimeout(() => setStatus(''), 2500);
  };
  return (
    <div className="copy-field" data-field={name}>
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input
          id={id}
          ref={input}
          readOnly
          value={value}
          type={shown ? 'text' : 'password'}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        {secret && (
          <button type="button" onClick={() => setShown(!shown)} aria-pressed={shown}>
            {shown ? 'Hide' : 'Show'}
          </button>
        )}
        <button type="button" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
          Copy
        </button>
        <span className="copy-status" role="status">
          {status}
        </span>
      </div>
    </div>
  );
}
