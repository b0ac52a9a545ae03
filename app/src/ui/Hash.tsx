import { useState } from 'react';

/** A hash or address in full (wrapping in narrow frames), with a copy button. */
export function Hash({ value, label, testId }: { value: string; label?: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <span className="hash">
      {label && <span className="hash-label">{label} </span>}
      <code data-testid={testId}>{value}</code>
      <button type="button" className="link" onClick={copy} aria-label={`Copy ${label ? `${label} ` : ''}${value}`}>
        {copied ? 'copied' : 'copy'}
      </button>
    </span>
  );
}

/** A short form of an address for tables: 0x1234…abcd (full value in the title). */
export function Short({ value }: { value: string }) {
  return (
    <code title={value}>
      {value.slice(0, 6)}…{value.slice(-4)}
    </code>
  );
}
