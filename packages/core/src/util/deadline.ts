/**
 * Settles with `work` unless `ms` pass first (then `onTimeout` decides the rejection) or `signal` fires (then
 * `onAbort` does). Races the promise instead of trusting an AbortSignal, so a fetch that drops its signal, a body that
 * never ends or a signer that never answers cannot hang the caller. The timer and the listener are removed either
 * way, so nothing is left to keep a process alive.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => unknown, signal?: AbortSignal, onAbort?: () => unknown): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  let abort = () => {};
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
    abort = () => reject(onAbort!());
    signal?.addEventListener("abort", abort, { once: true });
  });
  return Promise.race([work, stop]).finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener("abort", abort);
  });
}
