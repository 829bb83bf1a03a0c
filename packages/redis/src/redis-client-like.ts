/**
 * The part of a node-redis v5 client (`createClient()` from `redis` or `@redis/client`) that {@link redisStore}
 * uses, declared structurally so the store imports nothing from `redis` at run time and accepts a client created
 * with any modules, scripts or RESP version.
 */
export interface RedisClientLike {
  /** True while the connection is up and usable; the store refuses to queue commands when it is false. */
  readonly isReady: boolean;
  get(key: string): Promise<unknown>;
  set(
    key: string,
    value: string,
    options: { expiration: { type: "PX"; value: number }; condition?: "NX" },
  ): Promise<unknown>;
  del(key: string): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}
