export {
  type AuditTrailOptions,
  createAuditTrail,
  GENESIS_HASH,
  hashAuditRow,
  MAX_DETAILS_BYTES,
  normaliseDetails,
  reanchorAuditHead,
  SECRETS_FOUND_ACTION,
} from './audit-trail.ts';
export { canonicalJson } from './canonical-json.ts';
export { auditLog } from './schema.ts';
export type * from './types.ts';
