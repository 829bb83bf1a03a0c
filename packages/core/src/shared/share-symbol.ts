/**
 * The property where a store made by `defineStore` keeps how clients share tokens through it. A string key in the
 * style of Standard Schema's `~standard`, not a symbol: each entry point's declarations are self-contained, and a
 * unique symbol declared twice would make two `SharedStore` types that do not match. A module of its own, so a
 * client without a store does not import the rest.
 */
export const SHARE = "~occ";
