/** Where a store made by `defineStore` keeps how clients share tokens through it (a module of its own, so a client without a store does not import the rest). */
export const SHARE: unique symbol = Symbol.for("occ.share") as never;
