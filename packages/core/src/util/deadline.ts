/**
 * Settles with `work` unless `ms` pass first; then `onTimeout` decides the rejection. Races the promise instead of
 * trusting an AbortSignal, so a fetch that drops its signal, a body that never ends or a signer that never
 * answers cannot hang the caller. The timer is cleared either way, so nothing keeps a process alive.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => unknown): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
