/**
 * Discord's checks on message components: legacy action rows (at most 5, buttons or one select each) and Components
 * V2 layouts (flag IS_COMPONENTS_V2: containers, sections, text displays, separators, ...; no content, embeds or
 * poll beside them; at most 40 components and 4000 characters of text). Custom ids must be unique in a message.
 */
import type { FormIssue } from './validation.ts';

export const IS_COMPONENTS_V2 = 1 << 15;

const ACTION_ROW = 1;
const BUTTON = 2;
const SECTION = 9;
const TEXT_DISPLAY = 10;
const THUMBNAIL = 11;
const SELECTS = new Set([3, 5, 6, 7, 8]);
const V2_TOP = new Set([ACTION_ROW, SECTION, TEXT_DISPLAY, 12, 13, 14, 17]);
const IN_CONTAINER = new Set([ACTION_ROW, SECTION, TEXT_DISPLAY, 12, 13, 14]);

interface Component {
  type?: number;
  style?: number;
  custom_id?: string;
  url?: string;
  sku_id?: string;
  label?: string;
  content?: string;
  components?: Component[];
  accessory?: Component;
}

interface Body {
  content?: unknown;
  embeds?: unknown;
  poll?: unknown;
  components?: unknown;
  flags?: unknown;
}

/** Issues of a message body's components. `currentFlags`: the flags of the message being edited. */
export function componentIssues(
  body: Body | null | undefined,
  prefix: (string | number)[] = [],
  currentFlags?: number,
): FormIssue[] {
  if (!body || typeof body !== 'object') return [];
  const issues: FormIssue[] = [];
  const issue = (path: (string | number)[], code: string, message: string) =>
    issues.push({ path: [...prefix, ...path], code, message });
  const flags = (typeof body.flags === 'number' ? body.flags : 0) | (currentFlags ?? 0);
  const v2 = (flags & IS_COMPONENTS_V2) !== 0;
  if (v2) {
    for (const field of ['content', 'embeds', 'poll'] as const) {
      const value = body[field];
      const set = Array.isArray(value) ? value.length > 0 : Boolean(value);
      if (set)
        issue(
          [field],
          'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
          'The content, embeds, stickers and poll fields cannot be used when IS_COMPONENTS_V2 is set.',
        );
    }
  }
  if (!Array.isArray(body.components)) return issues;
  const top = body.components as Component[];
  const customIds = new Set<string>();
  let count = 0;
  let text = 0;

  const button = (c: Component, path: (string | number)[]) => {
    if (c.style === 5) {
      if (!c.url) issue([...path, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
      if (c.custom_id) issue([...path, 'custom_id'], 'BUTTON_LINK_CUSTOM_ID', 'A link button cannot have a custom_id.');
    } else if (c.style !== 6) {
      if (!c.custom_id) issue([...path, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
    }
    if (typeof c.label === 'string' && c.label.length > 80)
      issue([...path, 'label'], 'BASE_TYPE_MAX_LENGTH', 'Must be 80 or fewer in length.');
  };

  const visit = (c: Component, path: (string | number)[]) => {
    count++;
    if (c.custom_id !== undefined) {
      if (c.custom_id.length < 1 || c.custom_id.length > 100)
        issue([...path, 'custom_id'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      if (customIds.has(c.custom_id))
        issue([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      customIds.add(c.custom_id);
    }
    const children = c.components ?? [];
    switch (c.type) {
      case ACTION_ROW: {
        const buttons = children.filter((x) => x.type === BUTTON).length;
        const selects = children.filter((x) => SELECTS.has(x.type ?? 0)).length;
        if (
          !children.length ||
          children.length > 5 ||
          (selects && children.length > 1) ||
          buttons + selects !== children.length
        )
          issue(
            [...path, 'components'],
            'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
            'An action row holds 1–5 buttons or one select menu.',
          );
        break;
      }
      case BUTTON:
        button(c, path);
        break;
      case SECTION:
        if (!children.length || children.length > 3 || children.some((x) => x.type !== TEXT_DISPLAY))
          issue([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', 'A section holds 1–3 text displays.');
        if (!c.accessory || (c.accessory.type !== BUTTON && c.accessory.type !== THUMBNAIL))
          issue([...path, 'accessory'], 'BASE_TYPE_REQUIRED', 'A section needs a button or thumbnail accessory.');
        else visit(c.accessory, [...path, 'accessory']);
        break;
      case TEXT_DISPLAY:
        if (typeof c.content !== 'string' || !c.content.length)
          issue([...path, 'content'], 'BASE_TYPE_REQUIRED', 'This field is required');
        text += typeof c.content === 'string' ? c.content.length : 0;
        break;
      case 17:
        children.forEach((x, i) => {
          if (!IN_CONTAINER.has(x.type ?? 0))
            issue([...path, 'components', i, 'type'], 'UNION_TYPE_CHOICES', 'Not a component a container can hold.');
        });
        break;
    }
    children.forEach((x, i) => {
      visit(x, [...path, 'components', i]);
    });
  };

  if (!v2 && top.length > 5) issue(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  top.forEach((c, i) => {
    if (!(v2 ? V2_TOP : new Set([ACTION_ROW])).has(c?.type ?? 0)) {
      issue(
        ['components', i, 'type'],
        'UNION_TYPE_CHOICES',
        v2
          ? 'Not a top-level component.'
          : 'Value of field "type" must be one of (1,). Layout components need the IS_COMPONENTS_V2 flag.',
      );
      return;
    }
    visit(c, ['components', i]);
  });
  if (v2 && count > 40) issue(['components'], 'COMPONENT_MAX_TOTAL', 'A message holds at most 40 components.');
  if (v2 && text > 4000)
    issue(
      ['components'],
      'MESSAGE_COMPONENTS_TEXT_TOO_LONG',
      'The text of all text displays is at most 4000 characters.',
    );
  return issues;
}
