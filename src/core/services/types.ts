export type HealthStatus = 'ok' | 'degraded' | 'down' | 'stopped' | 'starting';

export interface Health {
  status: HealthStatus;
  detail: string;
  metrics?: Record<string, number>;
}

/** Anything with a lifecycle: the database, the scheduler, the Discord gateway, the SSH server. */
export interface Service {
  readonly name: string;
  readonly dependsOn?: readonly string[];
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): Health;
  /**
   * Why this service cannot be stopped or restarted on request while Tux runs (the database everything else uses,
   * the console the request arrives through). The registry refuses such a request with this reason.
   */
  readonly pinned?: string;
}

export interface ServiceState {
  name: string;
  dependsOn: string[];
  health: Health;
  /** Error message of the last failed start, if any. */
  error: string | null;
  startedAt: number | null;
  /** Why it cannot be stopped or restarted on request, when it cannot. */
  pinned: string | null;
}
