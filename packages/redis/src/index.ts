export { redisStore, type RedisStoreOptions } from "./redis-store.js";
export type { RedisClientLike } from "./redis-client-like.js";
