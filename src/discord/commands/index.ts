export { type CommandAttachment, toCommandAttachment } from './attachment.ts';
export { CommandDefinitionError, defineCommand } from './define-command.ts';
export { ArgumentError, isUserError, UserError } from './errors.ts';
export { arg, type Choice, flag, type InputOf, type OptionSpec } from './options.ts';
export type {
  AnyCommand,
  AutocompleteContext,
  CommandContext,
  CommandDefinition,
  RegisteredCommand,
  ReplyOptions,
  ReplyPayload,
} from './types.ts';
export { ownUsage, slashUsage, usageLines, usageOf } from './usage.ts';
