// The worker threads that run `javascript` and `regex` checks, shared by every check of a run: a check that
// hangs, loops or backtracks for ever is given up at its deadline without ever blocking the runner's thread.
import { UserCodePool } from '../user-code/user-code-pool.js';

let pool: UserCodePool | undefined;

export const checkThreads = (): UserCodePool => {
  pool ??= new UserCodePool();
  return pool;
};

/** Ends the threads (the runner calls it when a run ends); the next check starts new ones. */
export const closeCheckThreads = async (): Promise<void> => {
  const closing = pool;
  pool = undefined;
  await closing?.close();
};
