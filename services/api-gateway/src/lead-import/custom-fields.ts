import { STANDARD_VARIABLES, trimChar } from '@outreach/domain';

/** Custom field names must work as `{{variables}}` in templates (personalisation's grammar). */
export const CUSTOM_FIELD_NAME = /^[a-z_][a-z0-9_]*$/;

export const MAX_CUSTOM_FIELDS = 50;
export const MAX_CUSTOM_FIELD_LENGTH = 2000;

/** Standard variables are filled from the lead and the campaign; a custom field may not shadow one. */
export const isReservedFieldName = (name: string): boolean => (STANDARD_VARIABLES as readonly string[]).includes(name);

/**
 * The template variable a CSV column becomes: `Company Size` → `company_size`. Null when nothing
 * usable is left (a column named `#` or `2024`).
 */
export function fieldNameFromHeader(header: string): string | null {
  const name = trimChar(
    header
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_'),
    '_',
  );
  return CUSTOM_FIELD_NAME.test(name) ? name : null;
}
