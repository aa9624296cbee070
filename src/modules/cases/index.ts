/**
 * Cases: the numbered record of every moderation action in a guild. Moderators look cases up by number, by user
 * or with filters, and correct a case's status or reason; the original mod-log post is edited to match. Other code
 * reads cases through the functions exported here (the admin console uses listCases/getCase).
 */
import type { BotModule } from '#discord/module.ts';
import { defineModule } from '#discord/module.ts';
import { casesListOp, casesViewOp } from './admin-ops.ts';
import type { CaseTypeRegistry } from './case-types.ts';
import { casesCommand } from './commands.ts';

export { caseEmbed } from './case-embeds.ts';
export { modifyCase } from './case-modify.ts';
export {
  type Case,
  type CaseFilter,
  countCases,
  getCase,
  type ListOptions,
  latestCaseOf,
  listCases,
  type NewCase,
  recordCase,
} from './case-store.ts';
export { type CaseTypeDefinition, CaseTypeRegistry, CORE_CASE_TYPES } from './case-types.ts';

export function createCasesModule(opts: { types: CaseTypeRegistry }): BotModule {
  return defineModule({
    name: 'cases',
    description: 'View, search and modify moderation cases',
    commands: [casesCommand(opts.types)],
    adminOps: [casesListOp, casesViewOp],
  });
}
