import { useCallback, useEffect, useRef, useState } from 'react';
import type { MarkKey, MarkStore } from '../../state/marks';

interface Change {
  id: string;
  key: MarkKey;
  value: boolean;
}

/**
 * Read and star marks for the views: reads from the store's memory, writes one journal line
 * per change, remembers changes for undo, and picks up marks other instances make.
 */
export function useReadState(marks: MarkStore, refreshMs = 2000) {
  const [version, setVersion] = useState(0);
  const history = useRef<Change[][]>([]);

  useEffect(() => {
    const timer = setInterval(() => {
      if (marks.refresh()) setVersion((v) => v + 1);
    }, refreshMs);
    return () => clearInterval(timer);
  }, [marks, refreshMs]);

  /** Applies changes that differ from the current marks; returns how many did. */
  const change = useCallback(
    (changes: Change[], undoable = true) => {
      const real = changes.filter((c) => marks.get(c.id, c.key) !== c.value);
      if (real.length === 0) return 0;
      if (undoable) history.current.push(real.map((c) => ({ ...c, value: !c.value })));
      marks.setMany(real);
      setVersion((v) => v + 1);
      return real.length;
    },
    [marks],
  );

  const undo = useCallback(() => {
    const last = history.current.pop();
    if (!last) return 0;
    marks.setMany(last);
    setVersion((v) => v + 1);
    return last.length;
  }, [marks]);

  return {
    version,
    isRead: (id: string) => marks.isRead(id),
    isStarred: (id: string) => marks.isStarred(id),
    change,
    undo,
  };
}
