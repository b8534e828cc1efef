/** Calls in one batched tRPC request at most: the server refuses larger batches, the client never sends them. */
export const MAX_BATCH = 10;
