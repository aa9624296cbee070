export { createScheduler, type DurableScheduler, type SchedulerOptions } from './scheduler.ts';
export { schedulerJobs } from './schema.ts';
export type * from './types.ts';
