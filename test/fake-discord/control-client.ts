import https from 'node:https';
import type { ControlInput, ControlOpName, ControlOutput } from './control-ops.ts';

/** A refused control call: the message says what was wrong (unknown id, missing permission, timeout…). */
export class FakeDiscordControlError extends Error {
  constructor(
    readonly status: number,
    readonly operation: string,
    message: string,
  ) {
    super(`${operation}: ${message}`);
  }
}

/**
 * Typed client for the emulator's control API (`POST {url}/_fake/{operation}`). Every method mirrors one operation
 * in control-ops.ts; see README.md for what each does.
 */
export class FakeDiscordClient {
  readonly #ca: string | undefined;

  /** `ca`: the PEM certificate to trust when the emulator serves HTTPS (`FakeDiscord.certificate.cert`). */
  constructor(
    readonly url: string,
    options: { ca?: string } = {},
  ) {
    this.#ca = options.ca;
  }

  async call<K extends ControlOpName>(operation: K, input?: ControlInput<K>): Promise<ControlOutput<K>> {
    const { status, text } = await this.#post(`${this.url}/_fake/${operation}`, JSON.stringify(input ?? {}));
    const payload = JSON.parse(text) as { result?: ControlOutput<K>; error?: string };
    if (status >= 400) throw new FakeDiscordControlError(status, operation, payload.error ?? `HTTP ${status}`);
    return payload.result as ControlOutput<K>;
  }

  async #post(url: string, body: string): Promise<{ status: number; text: string }> {
    if (!this.#ca) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { status: response.status, text: await response.text() };
    }
    // fetch has no per-request CA; node:https does, so the test process needs no NODE_EXTRA_CA_CERTS.
    return new Promise((resolve, reject) => {
      const request = https.request(url, {
        method: 'POST',
        ca: this.#ca,
        headers: { 'content-type': 'application/json' },
      });
      request.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  ids = () => this.call('ids');

  // Acting as members
  sendMessage = (input: ControlInput<'sendMessage'>) => this.call('sendMessage', input);
  sendDm = (input: ControlInput<'sendDm'>) => this.call('sendDm', input);
  memberAction = (input: ControlInput<'memberAction'>) => this.call('memberAction', input);
  joinBurst = (input: ControlInput<'joinBurst'>) => this.call('joinBurst', input);
  editMessage = (input: ControlInput<'editMessage'>) => this.call('editMessage', input);
  deleteMessage = (input: ControlInput<'deleteMessage'>) => this.call('deleteMessage', input);
  runSlashCommand = (input: ControlInput<'runSlashCommand'>) => this.call('runSlashCommand', input);
  autocomplete = (input: ControlInput<'autocomplete'>) => this.call('autocomplete', input);
  runContextMenu = (input: ControlInput<'runContextMenu'>) => this.call('runContextMenu', input);
  clickButton = (input: ControlInput<'clickButton'>) => this.call('clickButton', input);
  selectMenu = (input: ControlInput<'selectMenu'>) => this.call('selectMenu', input);
  submitModal = (input: ControlInput<'submitModal'>) => this.call('submitModal', input);
  addReaction = (input: ControlInput<'addReaction'>) => this.call('addReaction', input);
  reactionBurst = (input: ControlInput<'reactionBurst'>) => this.call('reactionBurst', input);
  removeReaction = (input: ControlInput<'removeReaction'>) => this.call('removeReaction', input);
  joinVoice = (input: ControlInput<'joinVoice'>) => this.call('joinVoice', input);
  leaveVoice = (input: ControlInput<'leaveVoice'>) => this.call('leaveVoice', input);
  updateMember = (input: ControlInput<'updateMember'>) => this.call('updateMember', input);
  setPresence = (input: ControlInput<'setPresence'>) => this.call('setPresence', input);
  leaveGuild = (input: ControlInput<'leaveGuild'>) => this.call('leaveGuild', input);
  joinGuild = (input: ControlInput<'joinGuild'>) => this.call('joinGuild', input);
  createUser = (input: ControlInput<'createUser'>) => this.call('createUser', input);
  setDmsClosed = (input: ControlInput<'setDmsClosed'>) => this.call('setDmsClosed', input);
  createInvite = (input: ControlInput<'createInvite'>) => this.call('createInvite', input);
  joinWithInvite = (input: ControlInput<'joinWithInvite'>) => this.call('joinWithInvite', input);
  setVanityCode = (input: ControlInput<'setVanityCode'>) => this.call('setVanityCode', input);
  setAvatar = (input: ControlInput<'setAvatar'>) => this.call('setAvatar', input);
  createForum = (input: ControlInput<'createForum'>) => this.call('createForum', input);
  openForumPost = (input: ControlInput<'openForumPost'>) => this.call('openForumPost', input);

  // Reading state
  messages = (input: ControlInput<'messages'>) => this.call('messages', input);
  message = (input: ControlInput<'message'>) => this.call('message', input);
  dmMessages = (input: ControlInput<'dmMessages'>) => this.call('dmMessages', input);
  bans = (input: ControlInput<'bans'>) => this.call('bans', input);
  member = (input: ControlInput<'member'>) => this.call('member', input);
  members = (input: ControlInput<'members'>) => this.call('members', input);
  roles = (input: ControlInput<'roles'>) => this.call('roles', input);
  channel = (input: ControlInput<'channel'>) => this.call('channel', input);
  channels = (input: ControlInput<'channels'>) => this.call('channels', input);
  voiceStates = (input: ControlInput<'voiceStates'>) => this.call('voiceStates', input);
  invites = (input: ControlInput<'invites'>) => this.call('invites', input);
  commands = (input: ControlInput<'commands'> = {}) => this.call('commands', input);
  requests = (input: ControlInput<'requests'> = {}) => this.call('requests', input);
  rejected = () => this.call('rejected');
  events = (input: ControlInput<'events'> = {}) => this.call('events', input);
  interaction = (input: ControlInput<'interaction'>) => this.call('interaction', input);
  botPresence = () => this.call('botPresence');
  clearRecords = () => this.call('clearRecords');

  // Waiting
  waitForMessage = (input: ControlInput<'waitForMessage'>) => this.call('waitForMessage', input);
  waitForDm = (input: ControlInput<'waitForDm'>) => this.call('waitForDm', input);
  waitForInteractionResponse = (input: ControlInput<'waitForInteractionResponse'>) =>
    this.call('waitForInteractionResponse', input);
  waitForRequest = (input: ControlInput<'waitForRequest'>) => this.call('waitForRequest', input);

  // Faults and the gateway
  injectFault = (input: ControlInput<'injectFault'>) => this.call('injectFault', input);
  clearFaults = () => this.call('clearFaults');
  faults = () => this.call('faults');
  dropConnections = () => this.call('dropConnections');
  requestReconnect = () => this.call('requestReconnect');
  invalidateSession = (input: ControlInput<'invalidateSession'> = {}) => this.call('invalidateSession', input);
  gatewayStats = () => this.call('gatewayStats');

  // Voice (with `voice: true`)
  voiceSessions = () => this.call('voiceSessions');
  voiceSession = (input: ControlInput<'voiceSession'>) => this.call('voiceSession', input);
  voiceTiming = (input: ControlInput<'voiceTiming'>) => this.call('voiceTiming', input);
  voicePcm = (input: ControlInput<'voicePcm'>) => this.call('voicePcm', input);
  waitForVoiceFrames = (input: ControlInput<'waitForVoiceFrames'>) => this.call('waitForVoiceFrames', input);
  dropVoice = (input: ControlInput<'dropVoice'>) => this.call('dropVoice', input);
  moveBot = (input: ControlInput<'moveBot'>) => this.call('moveBot', input);
  setVoiceModes = (input: ControlInput<'setVoiceModes'>) => this.call('setVoiceModes', input);
}
