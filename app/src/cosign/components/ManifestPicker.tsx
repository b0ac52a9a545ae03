import { statusLabel } from '../../guard/labels.js';
import type { ManifestEntry } from '../../guard/readGuard.js';
import { go } from '../../routes.js';

/** The manifest to release, picked among the guard's (newest first); picking one changes the URL. */
export function ManifestPicker({
  entries,
  selected,
}: {
  entries: ManifestEntry[];
  selected: ManifestEntry | undefined;
}) {
  return (
    <label>
      Manifest
      <select
        value={selected?.id}
        onChange={(e) => go('cosign', { manifest: e.target.value })}
        data-testid="cosign-manifest-select"
      >
        {entries.map((item) => (
          <option key={item.id} value={item.id}>
            {item.ticket || item.id.slice(0, 10)} · {statusLabel(item.state.status)}
          </option>
        ))}
      </select>
    </label>
  );
}
