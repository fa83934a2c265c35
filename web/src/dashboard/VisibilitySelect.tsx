// Public, unlisted or private, with what each means.
import { useId } from 'react';
import type { RecordingVisibility } from '../types';

export function VisibilitySelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: RecordingVisibility;
  onChange: (v: RecordingVisibility) => void;
}) {
  const id = useId();
  return (
    <label htmlFor={id}>
      {label}
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as RecordingVisibility)}>
        <option value="public">Public: listed and searchable</option>
        <option value="unlisted">Unlisted: anyone with the link</option>
        <option value="private">Private: only you</option>
      </select>
    </label>
  );
}
