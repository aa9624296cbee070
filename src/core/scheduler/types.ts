export type JobStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface Job<P = unknown> {
  id: number;
  type: string;
  /** Epoch milliseconds. */
  runAt: number;
  payload: P;
  key: string | null;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ScheduleOptions {
  /** Unique key: scheduling again with the same key replaces the pending job. */
  key?: string;
  /** Default 5. */
  maxAttempts?: number;
}

export type JobHandler<P = unknown> = (job: Job<P>) => Promise<void> | void;

export interface JobFilter {
  type?: string;
  status?: JobStatus;
  limit?: number;
}

export interface Scheduler {
  schedule<P>(type: string, runAt: Date | number, payload: P, opts?: ScheduleOptions): Job<P>;
  /** Cancels a pending job by id or key. Returns false if there was none. */
  cancel(idOrKey: number | string): boolean;
  get(idOrKey: number | string): Job | undefined;
  list(filter?: JobFilter): Job[];
  /** Registers the handler for a type; returns the function that unregisters it. */
  handle<P>(type: string, handler: JobHandler<P>): () => void;
}
