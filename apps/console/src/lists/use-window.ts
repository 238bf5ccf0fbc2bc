import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Lists up to this long render every row (screen readers and tests see them all). */
export const windowingThreshold = 400;

export interface RowWindow {
  /** First and one-past-last rendered index. */
  start: number;
  end: number;
  /** Space standing for the rows above and below the rendered ones. */
  padTop: number;
  padBottom: number;
  /** Scroll so that row `index` is in view (keyboard navigation in a long list). */
  scrollToIndex(index: number): void;
}

/**
 * Renders only the rows in view (plus a margin) once a list is longer than the threshold,
 * so a cluster with thousands of resources stays quick; shorter lists render whole. Rows
 * have one fixed height. `offset` is the height of anything above the rows (a header).
 */
export function useRowWindow(
  container: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  offset = 0,
): RowWindow {
  const [view, setView] = useState({ top: 0, height: 800 });
  const windowed = count > windowingThreshold;
  // A scroll asked for before the rows around it existed: applied once they are rendered.
  const wanted = useRef<number | null>(null);
  useLayoutEffect(() => {
    const element = container.current;
    if (!element || wanted.current === null) return;
    element.scrollTop = wanted.current;
    wanted.current = null;
  });

  useLayoutEffect(() => {
    const element = container.current;
    if (!element || !windowed) return;
    const update = () => setView({ top: element.scrollTop, height: element.clientHeight });
    update();
    element.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [container, windowed]);

  const scrollToIndex = useCallback(
    (index: number) => {
      const element = container.current;
      if (!element) return;
      const top = offset + index * rowHeight;
      let next: number | undefined;
      if (top < element.scrollTop + offset) next = top - offset;
      else if (top + rowHeight > element.scrollTop + element.clientHeight)
        next = top + rowHeight - element.clientHeight;
      if (next === undefined) return;
      // Render the rows around the target first (the list may be shorter right now), then scroll.
      wanted.current = Math.max(0, next);
      element.scrollTop = wanted.current;
      if (windowed) setView({ top: wanted.current, height: element.clientHeight });
    },
    [container, rowHeight, offset, windowed],
  );

  if (!windowed) return { start: 0, end: count, padTop: 0, padBottom: 0, scrollToIndex };
  const margin = 20;
  const start = Math.max(0, Math.floor((view.top - offset) / rowHeight) - margin);
  const end = Math.min(count, Math.ceil((view.top - offset + view.height) / rowHeight) + margin);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight, scrollToIndex };
}

/**
 * Focus a row once it is rendered (in a windowed list it may be outside the rendered rows
 * yet): the row is the element in `container` whose `attribute` equals the key passed to
 * the returned function. `scrollIntoView` also scrolls it into view when focused.
 */
export function useFocusWhenRendered(
  container: RefObject<HTMLElement | null>,
  attribute: string,
  { scrollIntoView = false } = {},
): (key: string) => void {
  const wanted = useRef<string | null>(null);
  useEffect(() => {
    const key = wanted.current;
    if (!key) return;
    const element = container.current?.querySelector<HTMLElement>(`[${attribute}="${CSS.escape(key)}"]`);
    if (!element) return;
    wanted.current = null;
    element.focus();
    if (scrollIntoView) element.scrollIntoView({ block: 'nearest' });
  });
  return useCallback((key: string) => {
    wanted.current = key;
  }, []);
}
