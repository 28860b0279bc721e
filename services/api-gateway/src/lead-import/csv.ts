import { parse } from 'csv-parse/sync';
import { ApiError, type ErrorDetail } from '../http/errors';
import { fieldNameFromHeader, isReservedFieldName, MAX_CUSTOM_FIELDS } from './custom-fields';
import type { InvalidRow, RawLeadRow } from './rows';

export const STANDARD_COLUMNS = ['first_name', 'last_name', 'company', 'title', 'profile_url', 'public_identifier'] as const;
type StandardColumn = (typeof STANDARD_COLUMNS)[number];

interface Column {
  index: number;
  standard: StandardColumn | null;
  /** The custom field name for a non-standard column. */
  field: string | null;
}

const fileError = (message: string): ApiError => new ApiError(400, 'validation_failed', `body: ${message}`, [{ location: 'body', message } satisfies ErrorDetail]);

/** Maps header cells to columns; a header that cannot work (no identifier column, clashes) fails the whole file. */
function readHeader(cells: string[]): Column[] {
  const seen = new Map<string, string>();
  const columns = cells.map((cell, index): Column => {
    // Spreadsheets often end the header with an empty cell: such a column is ignored.
    if (cell === '') return { index, standard: null, field: null };
    const name = fieldNameFromHeader(cell);
    if (!name) throw fileError(`column ${index + 1} ("${cell}") cannot be a field name: use letters, digits and _`);
    const clash = seen.get(name);
    if (clash !== undefined) throw fileError(`columns "${clash}" and "${cell}" are the same field "${name}"`);
    seen.set(name, cell);
    const standard = (STANDARD_COLUMNS as readonly string[]).includes(name) ? (name as StandardColumn) : null;
    if (!standard && isReservedFieldName(name)) throw fileError(`column "${cell}" would shadow the template variable {{${name}}}`);
    return { index, standard, field: standard ? null : name };
  });
  const missing = ['first_name', 'last_name'].filter((n) => !seen.has(n));
  if (missing.length > 0) throw fileError(`the header lacks ${missing.join(' and ')}`);
  if (!seen.has('profile_url') && !seen.has('public_identifier')) throw fileError('the header needs a profile_url or a public_identifier column');
  if (columns.filter((c) => c.field).length > MAX_CUSTOM_FIELDS) throw fileError(`at most ${MAX_CUSTOM_FIELDS} custom columns`);
  return columns;
}

function toRow(columns: Column[], cells: string[], line: number): RawLeadRow {
  const row: RawLeadRow = { line, custom_fields: {} };
  for (const column of columns) {
    const value = cells[column.index] ?? '';
    if (column.standard) row[column.standard] = value;
    // An empty cell is an absent value, so a template's fallback applies rather than a blank.
    else if (column.field && value !== '') row.custom_fields[column.field] = value;
  }
  return row;
}

interface Parsed {
  record: string[];
  info: { lines: number };
}

/** The line a record starts on: csv-parse reports where it ends, quoted fields may span lines. */
const startLine = (p: Parsed): number => p.info.lines - p.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);

/**
 * Reads an uploaded CSV into rows with their line numbers (header = line 1). Problems of the file
 * as a whole (no header, unusable columns, too many rows) answer 400; a bad record (wrong field
 * count, broken quoting) becomes an invalid row so the rest of the file still imports.
 */
export function parseLeadCsv(text: string, maxRows: number): { rows: RawLeadRow[]; invalid: InvalidRow[] } {
  const invalid: InvalidRow[] = [];
  // One line-ending convention, so csv-parse's line count matches what an editor shows.
  const records = parse(text.replace(/\r\n?/g, '\n'), {
    bom: true,
    info: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      if (err) invalid.push({ line: typeof err.lines === 'number' ? err.lines : 0, reason: `unreadable CSV: ${err.message}` });
      return undefined;
    },
  }) as unknown as Parsed[];
  const [header, ...data] = records;
  if (!header) throw fileError('the CSV is empty; its first line must be a header such as first_name,last_name,company,title,profile_url');
  if (data.length > maxRows) throw fileError(`at most ${maxRows} rows per import, this file has ${data.length}: split it`);
  const columns = readHeader(header.record);
  const rows: RawLeadRow[] = [];
  for (const parsed of data) {
    const line = startLine(parsed);
    if (parsed.record.length !== columns.length) invalid.push({ line, reason: `has ${parsed.record.length} fields, the header has ${columns.length}` });
    else rows.push(toRow(columns, parsed.record, line));
  }
  return { rows, invalid };
}
