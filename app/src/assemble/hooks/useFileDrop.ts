import { type DragEvent, useState } from 'react';

import type { ImportSource } from '../recognizeImport.js';

/**
 * Files dropped on an element or chosen in a file input, read as text (each named `the file "name"`) and handed to
 * `onFiles`; `onError` gets a file that cannot be read. `dropTarget` goes on the element files are dropped on,
 * `dragging` says a drag is over it.
 *
 * @example
 * const { dropTarget, dragging, readFiles } = useFileDrop(importSources, setError);
 * <div {...dropTarget}><input type="file" onChange={(e) => readFiles(e.target.files)} /></div>
 */
export function useFileDrop(onFiles: (sources: ImportSource[]) => void, onError: (error: unknown) => void) {
  const [dragging, setDragging] = useState(false);
  const readFiles = (files: FileList | null) => {
    const chosen = [...(files ?? [])];
    if (chosen.length === 0) return;
    Promise.all(chosen.map(async (file) => ({ name: `the file "${file.name}"`, text: await file.text() }))).then(
      onFiles,
      onError,
    );
  };
  const dropTarget = {
    onDragOver: (event: DragEvent) => {
      // Lets the element take the drop (text dragged into a field inside keeps its own behaviour).
      event.preventDefault();
      setDragging(true);
    },
    onDragLeave: () => setDragging(false),
    onDrop: (event: DragEvent) => {
      setDragging(false);
      if (!event.dataTransfer?.files?.length) return;
      event.preventDefault();
      readFiles(event.dataTransfer.files);
    },
  };
  return { dropTarget, dragging, readFiles };
}
