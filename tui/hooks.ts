import type { Key } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * State kept in a ref and mirrored into React. Several keys can arrive in one packet and are handled before React
 * re-renders, so key handlers must read `ref.current`, never a value captured by their closure.
 */
export function useRefState<T>(initial: T): [React.RefObject<T>, (next: T | ((prev: T) => T)) => void] {
  const ref = useRef(initial);
  const [, bump] = useState(0);
  const set = useCallback((next: T | ((prev: T) => T)) => {
    ref.current = typeof next === 'function' ? (next as (prev: T) => T)(ref.current) : next;
    bump((n) => n + 1);
  }, []);
  return [ref, set];
}

/** Calls `load` now and every `ms`, keeping the latest result (and the last error message). */
export function usePoll<T>(load: () => Promise<T>, ms: number, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: deps are the caller's
  useEffect(() => {
    let alive = true;
    const run = () =>
      load().then(
        (d) => {
          if (!alive) return;
          setData(d);
          setError(null);
        },
        (e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)),
      );
    run();
    const t = setInterval(run, ms);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, [ms, tick, ...deps]);
  const refresh = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, refresh };
}

export type KeyHandler = (input: string, key: Key) => boolean;

/** Moves a selection by one key press; returns the new index or null when the key is not a movement. */
export function moveSelection(index: number, count: number, input: string, key: Key, page: number): number | null {
  if (count === 0) return null;
  let next: number | null = null;
  if (key.upArrow || input === 'k') next = index - 1;
  else if (key.downArrow || input === 'j') next = index + 1;
  else if (key.pageUp) next = index - page;
  else if (key.pageDown) next = index + page;
  else if (key.home || input === 'g') next = 0;
  else if (key.end || input === 'G') next = count - 1;
  if (next === null) return null;
  return Math.max(0, Math.min(count - 1, next));
}

/** The first row to show so that `selected` is visible in a window of `height` rows. */
export function scrollTop(selected: number, count: number, height: number): number {
  if (count <= height) return 0;
  return Math.max(0, Math.min(selected - Math.floor(height / 2), count - height));
}
