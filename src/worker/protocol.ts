/** Messages between the UI and the simulation worker: one discriminated union per direction. */
export type ToWorker = { readonly type: 'ping'; readonly id: number };
export type FromWorker = { readonly type: 'pong'; readonly id: number };
