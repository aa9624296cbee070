import { describe, expect, it } from 'vitest';
import { componentIssues, IS_COMPONENTS_V2 } from './components-v2.ts';

const button = (custom_id: string) => ({ type: 2, style: 2, label: 'x', custom_id });
const row = (...components: unknown[]) => ({ type: 1, components });
const container = (...components: unknown[]) => ({ type: 17, components });
const text = (content: string) => ({ type: 10, content });
const codes = (body: Parameters<typeof componentIssues>[0], flags?: number) =>
  componentIssues(body, [], flags).map((i) => `${i.path.join('.')}:${i.code}`);

describe('component checks', () => {
  it('accepts a Components V2 container with text and a row of buttons', () => {
    const body = { flags: IS_COMPONENTS_V2, components: [container(text('hi'), row(button('a'), button('b')))] };
    expect(codes(body)).toEqual([]);
  });

  it('refuses layout components without the flag, and content beside them with it', () => {
    expect(codes({ components: [container(text('hi'))] })).toEqual(['components.0.type:UNION_TYPE_CHOICES']);
    expect(codes({ flags: IS_COMPONENTS_V2, content: 'x', components: [text('hi')] })).toEqual([
      'content:MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
    ]);
  });

  it('keeps the flag of the message being edited', () => {
    expect(codes({ components: [container(text('hi'))] }, IS_COMPONENTS_V2)).toEqual([]);
    expect(codes({ embeds: [{ title: 'x' }] }, IS_COMPONENTS_V2)).toEqual([
      'embeds:MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
    ]);
  });

  it('refuses duplicate custom ids, full rows, sections without accessory and too many components', () => {
    expect(codes({ components: [row(button('a'), button('a'))] })).toEqual([
      'components.0.components.1.custom_id:COMPONENT_CUSTOM_ID_DUPLICATED',
    ]);
    const six = row(...['a', 'b', 'c', 'd', 'e', 'f'].map(button));
    expect(codes({ components: [six] })).toContain('components.0.components:COMPONENT_LAYOUT_WIDTH_EXCEEDED');
    expect(codes({ flags: IS_COMPONENTS_V2, components: [{ type: 9, components: [text('x')] }] })).toEqual([
      'components.0.accessory:BASE_TYPE_REQUIRED',
    ]);
    const many = Array.from({ length: 41 }, (_, i) => text(`t${i}`));
    expect(codes({ flags: IS_COMPONENTS_V2, components: many })).toEqual(['components:COMPONENT_MAX_TOTAL']);
    expect(codes({ components: [{ type: 1, components: [{ type: 2, style: 1, label: 'x' }] }] })).toEqual([
      'components.0.components.0.custom_id:BASE_TYPE_REQUIRED',
    ]);
  });
});
