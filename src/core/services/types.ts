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
}

export interface ServiceState {
  name: string;
  dependsOn: string[];
  health: Health;
  /** Error message of the last failed start, if any. */
  error: string | null;
  startedAt: number | null;
}
