/**
 * A form (modal) the bot opens, asked field by field at the sandbox prompt: the text inputs it holds, in order,
 * whether in action rows or label components.
 */
import { clean } from './sandbox-render.ts';

export interface FormField {
  customId: string;
  label: string;
  required: boolean;
  maxLength: number | null;
}

export interface Form {
  title: string;
  /** The interaction that opened it; the submit answers that one. */
  interactionId: string;
  fields: FormField[];
  values: Record<string, string>;
}

interface RawComponent {
  type?: number;
  custom_id?: string;
  label?: string;
  required?: boolean;
  max_length?: number;
  component?: RawComponent;
  components?: RawComponent[];
}

const TEXT_INPUT = 4;
const LABEL = 18;

/** The text inputs of a modal's JSON (as the bot sent it). */
export function formFields(modal: Record<string, unknown>): FormField[] {
  const fields: FormField[] = [];
  const walk = (components: RawComponent[] | undefined, label?: string): void => {
    for (const c of components ?? []) {
      if (c.type === TEXT_INPUT && c.custom_id) {
        fields.push({
          customId: c.custom_id,
          label: clean(c.label ?? label ?? c.custom_id),
          required: c.required !== false,
          maxLength: c.max_length ?? null,
        });
      } else if (c.type === LABEL) walk(c.component ? [c.component] : [], c.label);
      else walk(c.components);
    }
  };
  walk(modal.components as RawComponent[] | undefined);
  return fields;
}

export function openForm(modal: Record<string, unknown>, interactionId: string): Form {
  return { title: clean(String(modal.title ?? 'Form')), interactionId, fields: formFields(modal), values: {} };
}

/** The field still to fill, or null when the form is complete. */
export function nextField(form: Form): FormField | null {
  return form.fields.find((f) => !(f.customId in form.values)) ?? null;
}

/** Takes a typed answer for the next field; returns a problem to show, or null when it was taken. */
export function answerField(form: Form, text: string): string | null {
  const field = nextField(form);
  if (!field) return null;
  const value = text.trim();
  if (field.required && value === '') return `"${field.label}" is required. Type something, or :cancel.`;
  if (field.maxLength !== null && value.length > field.maxLength) {
    return `"${field.label}" takes at most ${field.maxLength} characters (you typed ${value.length}).`;
  }
  form.values[field.customId] = value;
  return null;
}
