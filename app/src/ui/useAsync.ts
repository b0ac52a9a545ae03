import { type DependencyList, useCallback, useEffect, useState } from 'react';

/** A value loaded asynchronously, with its error and a reload. */
export type AsyncState<T> =
  | { status: 'loading'; reload: () => void }
  | { status: 'error'; error: unknown; reload: () => void }
  | { status: 'done'; value: T; reload: () => void };

/**
 * Runs `load` when `deps` change (and on `reload()`), ignoring stale answers.
 *
 * @example
 * const guard = useAsync(() => readGuard(client, address), [client, address]);
 */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const [state, setState] = useState<
    { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'done'; value: T }
  >({
    status: 'loading',
  });
  useEffect(() => {
    let live = true;
    setState((previous) => (previous.status === 'done' ? previous : { status: 'loading' }));
    load().then(
      (value) => live && setState({ status: 'done', value }),
      (error: unknown) => live && setState({ status: 'error', error }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { ...state, reload } as AsyncState<T>;
}

/**
 * An action with its progress message and error: `run(message, action)`.
 *
 * @example
 * const action = useAction();
 * await action.run('Proposing phase 1', () => propose());
 */
export function useAction() {
  const [progress, setProgress] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string | undefined>();
  const run = useCallback(
    async <T>(
      message: string,
      action: (step: (m: string) => void) => Promise<T>,
      /** The success message, or one made from the action's result. */
      success?: string | ((result: T) => string),
    ) => {
      setError(undefined);
      setDone(undefined);
      setProgress(message);
      try {
        const result = await action(setProgress);
        if (success) setDone(typeof success === 'function' ? success(result) : success);
        return result;
      } catch (caught) {
        setError(caught);
        return undefined;
      } finally {
        setProgress(undefined);
      }
    },
    [],
  );
  return { progress, error, done, run, busy: progress !== undefined };
}

/** What `useAction()` returns: its progress, error and success message, `run` and `busy`. */
export type Action = ReturnType<typeof useAction>;
