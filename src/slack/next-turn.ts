// Work after an ack (saving a new release, re-rendering, sending outbox rows) must not hold up requests
// still waiting for their own ack: under a burst, a request's ack is only as quick as the work queued in
// front of it. Waiters resume one per turn of the event loop, each turn after pending I/O has been read.
const waiting: (() => void)[] = [];
let scheduled = false;

function turn() {
  waiting.shift()?.();
  if (waiting.length) setImmediate(turn);
  else scheduled = false;
}

/** Resolves on a later turn of the event loop than any request already received; one waiter per turn. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(turn);
    }
  });
}
