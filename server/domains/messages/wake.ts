/**
 * In-process wake-up of the messages lanes: an API call that queues a message in the same process (clarion start,
 * tests) wakes them at once instead of waiting for the next poll. Other processes find the row on their next poll.
 */
const listeners = new Set<() => void>();

export function onMessagesQueued(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function wakeMessageLanes(): void {
  for (const fn of listeners) fn();
}
