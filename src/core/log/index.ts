/** Logging: pino root logger, console + rotating file + in-memory LogHub, secret redaction everywhere. */
export { followLogLevel, logOptionsFromConfig, registerConfigSecrets } from './config-wiring.ts';
export { LEVEL_VALUES, RingLogHub } from './log-hub.ts';
export { createLogSystem, type LogSystemOptions, type TuxLogSystem } from './log-system.ts';
export { RotatingFile } from './rotating-file.ts';
export { REDACTED, SecretRedactor } from './secret-redactor.ts';
export type * from './types.ts';
