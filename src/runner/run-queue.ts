// The job queue of distributed runs, on pg-boss in the store's PostgreSQL: one queue per run, one job per planned
// call. A job taken by a worker that dies is retried by another once its visibility timeout has passed.
import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import { YardstickError } from '../spec/errors.js';
import { planKey } from './plan.js';

/** pg-boss queue names may not start with a digit, and run ids do. */
const queuePrefix = 'yardstick-run-';

export const runQueueName = (runId: string): string => `${queuePrefix}${runId}`;

/** The run of a queue, or undefined for a queue that is not a yardstick run's. */
export const runIdOfQueue = (name: string): string | undefined =>
  name.startsWith(queuePrefix) ? name.slice(queuePrefix.length) : undefined;

export const callJobSchema = z.object({
  runId: z.string().min(1),
  promptId: z.string(),
  modelKey: z.string(),
  testId: z.string(),
  repeat: z.number().int().min(0),
});

/** One planned call: what a worker needs to find the prompt, model and case in the run's suite. */
export type CallJob = z.infer<typeof callJobSchema>;

export const callJobKey = (job: CallJob): string =>
  planKey(job.promptId, job.modelKey, job.testId, job.repeat);

export interface FetchedJob {
  id: string;
  /** Undefined when the job's data is not a call (written by something else); `problem` says why. */
  call: CallJob | undefined;
  problem: string | undefined;
  /** How many times the job was taken before: above 0 the call may already be stored. */
  retryCount: number;
}

export interface QueueSizes {
  /** Waiting to be taken, including retries waiting out their delay. */
  waiting: number;
  /** Taken by a worker and not finished. */
  active: number;
}

export interface RunQueueOptions {
  /** A `postgres://` URL; pg-boss keeps its tables in the `pgboss` schema of that database. */
  connectionString: string;
  /** Seconds a worker may hold a call before it is given to another worker. */
  visibilityTimeoutSeconds: number;
  /** Expire timed-out jobs and clean up (the coordinator); workers leave it to the coordinator. */
  supervise: boolean;
  /** Attempts after the first, for a call whose worker died or failed it. */
  retryLimit?: number;
  /** Connections in pg-boss's own pool. */
  maxConnections?: number;
  onError?: (error: Error) => void;
}

export interface RunQueue {
  /** Creates the run's queue (again, on resume) with the visibility timeout and retry policy. */
  openRun(runId: string): Promise<void>;
  /** Puts the calls on the run's queue in bulk; returns each call's job id by plan key. */
  enqueue(runId: string, calls: Iterable<CallJob>): Promise<Map<string, string>>;
  /** Drops the calls still waiting (resume enqueues what the store lacks again); calls in flight stay. */
  purge(runId: string): Promise<void>;
  /** Deletes the queue and every job on it: workers stop taking the run's calls (cancel, end of run). */
  remove(runId: string): Promise<void>;
  sizes(runId: string): Promise<QueueSizes>;
  /** The runs that have a queue now. */
  listRuns(): Promise<string[]>;
  fetch(runId: string, count: number): Promise<FetchedJob[]>;
  complete(runId: string, jobId: string): Promise<void>;
  /** Gives the job back with a reason; it is retried until its retry limit, then stays failed with it. */
  fail(runId: string, jobId: string, message: string): Promise<void>;
  /** The job's state and the reason it last failed, if it did. */
  jobState(
    runId: string,
    jobId: string,
  ): Promise<{ state: string; lastError: string | undefined } | undefined>;
  close(): Promise<void>;
}

/** pg-boss expires jobs during maintenance, so with a short visibility timeout maintenance runs often. */
export const maintenanceSecondsFor = (visibilityTimeoutSeconds: number): number =>
  Math.max(1, Math.min(60, Math.floor(visibilityTimeoutSeconds / 4)));

const insertChunk = 1_000;

const errorOutput = z
  .object({ message: z.string() })
  .or(z.object({ value: z.object({ message: z.string() }) }));

const messageOf = (output: unknown): string | undefined => {
  const parsed = errorOutput.safeParse(output);
  if (!parsed.success) return undefined;
  return 'message' in parsed.data ? parsed.data.message : parsed.data.value.message;
};

export const openRunQueue = async (options: RunQueueOptions): Promise<RunQueue> => {
  const retryLimit = options.retryLimit ?? 3;
  // loaded here, not with the eval command: pg-boss and its driver cost every local run about 15 MB and 50 ms
  const { default: Boss } = await import('pg-boss');
  const boss = new Boss({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 4,
    application_name: 'yardstick-queue',
    supervise: options.supervise,
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: maintenanceSecondsFor(options.visibilityTimeoutSeconds),
  });
  // an unhandled 'error' event would end the process; pg-boss reports its background failures there
  boss.on('error', (error) => options.onError?.(error));
  try {
    await boss.start();
  } catch (error) {
    throw new YardstickError(
      'E_STORE',
      `cannot open the job queue in ${redact(options.connectionString)}: ${(error as Error).message}`,
      { cause: error },
    );
  }

  return {
    async openRun(runId) {
      const queue = {
        name: runQueueName(runId),
        retryLimit,
        retryDelay: 1,
        retryBackoff: true,
        expireInSeconds: options.visibilityTimeoutSeconds,
      };
      await boss.createQueue(runQueueName(runId), queue);
      // a queue left by an earlier session of the run keeps its name; its settings follow this session's
      await boss.updateQueue(runQueueName(runId), queue);
    },
    async enqueue(runId, calls) {
      const name = runQueueName(runId);
      const ids = new Map<string, string>();
      let batch: PgBoss.JobInsert[] = [];
      const flush = async (): Promise<void> => {
        if (batch.length > 0) await boss.insert(batch);
        batch = [];
      };
      for (const call of calls) {
        const id = randomUUID();
        ids.set(callJobKey(call), id);
        batch.push({ id, name, data: call });
        if (batch.length >= insertChunk) await flush();
      }
      await flush();
      return ids;
    },
    purge: (runId) => boss.purgeQueue(runQueueName(runId)),
    async remove(runId) {
      const name = runQueueName(runId);
      // pg-boss 10 refuses to delete a queue that still holds jobs (timgit/pg-boss#514), so they go first
      await boss.getDb().executeSql('DELETE FROM pgboss.job WHERE name = $1', [name]);
      await boss.deleteQueue(name);
    },
    async sizes(runId) {
      const name = runQueueName(runId);
      const [waiting, open] = await Promise.all([
        boss.getQueueSize(name, { before: 'active' }),
        boss.getQueueSize(name, { before: 'completed' }),
      ]);
      return { waiting, active: open - waiting };
    },
    async listRuns() {
      const queues = await boss.getQueues();
      return queues.flatMap((queue) => {
        const runId = runIdOfQueue(queue.name);
        return runId === undefined ? [] : [runId];
      });
    },
    async fetch(runId, count) {
      const jobs = await boss.fetch<unknown>(runQueueName(runId), {
        batchSize: count,
        includeMetadata: true,
      });
      return jobs.map((job) => {
        const parsed = callJobSchema.safeParse(job.data);
        const problem = parsed.success
          ? parsed.data.runId === runId
            ? undefined
            : `job ${job.id} on the queue of run ${runId} names run ${parsed.data.runId}`
          : `job ${job.id} on the queue of run ${runId} is not a yardstick call: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
        return {
          id: job.id,
          call: parsed.success && problem === undefined ? parsed.data : undefined,
          problem,
          retryCount: job.retryCount,
        };
      });
    },
    async complete(runId, jobId) {
      await boss.complete(runQueueName(runId), jobId);
    },
    async fail(runId, jobId, message) {
      await boss.fail(runQueueName(runId), jobId, { message });
    },
    async jobState(runId, jobId) {
      const job = await boss.getJobById(runQueueName(runId), jobId, { includeArchive: true });
      if (!job) return undefined;
      return { state: job.state, lastError: messageOf(job.output) };
    },
    close: () => boss.stop({ graceful: false, wait: true, close: true }),
  };
};

/** The URL without its password, for messages. */
const redact = (url: string): string => {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the store';
  }
};
