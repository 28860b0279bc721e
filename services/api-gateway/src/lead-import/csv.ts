import { StringDecoder } from 'node:string_decoder';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type Parser } from 'csv-parse';
import { ApiError, type ErrorDetail } from '../http/errors';
import { fieldNameFromHeader, isReservedFieldName, MAX_CUSTOM_FIELD_LENGTH, MAX_CUSTOM_FIELDS } from './custom-fields';
import type { InvalidRow, RawLeadRow } from './rows';

export const STANDARD_COLUMNS = ['first_name', 'last_name', 'company', 'title', 'profile_url', 'public_identifier'] as const;
type StandardColumn = (typeof STANDARD_COLUMNS)[number];

interface Column {
  index: number;
  standard: StandardColumn | null;
  /** The custom field name for a non-standard column. */
  field: string | null;
}

const fileError = (message: string): ApiError =>
  new ApiError(400, 'validation_failed', `body: ${message}`, [{ location: 'body', message } satisfies ErrorDetail]);

/** A cell quoted in an error message, cut short: the answer must not echo a whole hostile cell. */
const clip = (text: string): string => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** Maps header cells to columns; a header that cannot work (no identifier column, clashes) fails the whole file. */
function readHeader(cells: string[]): Column[] {
  const seen = new Map<string, string>();
  const columns = cells.map((cell, index): Column => {
    // Spreadsheets often end the header with an empty cell: such a column is ignored.
    if (cell === '') return { index, standard: null, field: null };
    const name = fieldNameFromHeader(cell);
    if (!name) throw fileError(`column ${index + 1} ("${clip(cell)}") cannot be a field name: use letters, digits and _`);
    const clash = seen.get(name);
    if (clash !== undefined) throw fileError(`columns "${clip(clash)}" and "${clip(cell)}" are the same field "${clip(name)}"`);
    seen.set(name, cell);
    const standard = (STANDARD_COLUMNS as readonly string[]).includes(name) ? (name as StandardColumn) : null;
    if (!standard && isReservedFieldName(name)) throw fileError(`column "${clip(cell)}" would shadow the template variable {{${name}}}`);
    return { index, standard, field: standard ? null : name };
  });
  const missing = ['first_name', 'last_name'].filter((n) => !seen.has(n));
  if (missing.length > 0) throw fileError(`the header lacks ${missing.join(' and ')}`);
  if (!seen.has('profile_url') && !seen.has('public_identifier'))
    throw fileError('the header needs a profile_url or a public_identifier column');
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
const startLine = (p: Parsed): number => p.info.lines - p.record.reduce((n, cell) => n + countNewlines(cell), 0);

function countNewlines(cell: string): number {
  let n = 0;
  for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) n += 1;
  return n;
}

/** A cell longer than any field may be (names 200, URLs 500, custom fields 2,000). */
export const MAX_CELL_LENGTH = MAX_CUSTOM_FIELD_LENGTH;
/** One record (a line, or several with quoted line breaks): 50 custom columns of 2,000 and the rest. */
export const MAX_RECORD_CHARS = 128 * 1024;
/** The upload: 10,000 rows of a few hundred characters each fit many times over. */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;

export interface CsvLimits {
  maxRows: number;
  maxBytes?: number;
}

/** 413 naming the limit, for an upload larger than `maxBytes`. */
export const csvTooLarge = (maxBytes: number): ApiError =>
  new ApiError(413, 'payload_too_large', `body exceeds the ${maxBytes} byte limit for a CSV import: split the file`);

/**
 * Reads an uploaded CSV into rows with their line numbers (header = line 1), streaming: the byte
 * limit, the record size and the row cap are enforced while parsing, so an oversized file stops at
 * its first excess and is never held whole. Problems of the file as a whole (no header, unusable
 * columns, too many rows, a record beyond `MAX_RECORD_CHARS`) answer 400 (413 beyond the byte
 * limit); a bad record (wrong field count, broken quoting, an overlong cell) becomes an invalid row
 * so the rest of the file still imports.
 */
export async function readLeadCsv(input: Readable | string, limits: CsvLimits): Promise<{ rows: RawLeadRow[]; invalid: InvalidRow[] }> {
  const source = typeof input === 'string' ? Readable.from([input]) : input;
  const invalid: InvalidRow[] = [];
  const parser = createParser(invalid);
  const normaliser = normaliseLineEndings(limits.maxBytes ?? MAX_CSV_BYTES);
  // Errors reach the iteration below through the parser; pipeline tears all three down on the first.
  const done = pipeline(source, normaliser, parser).catch(() => undefined);
  let columns: Column[] | null = null;
  const rows: RawLeadRow[] = [];
  let count = 0;
  try {
    for await (const parsed of parser as AsyncIterable<Parsed>) {
      if (!columns) {
        columns = readHeader(parsed.record);
        continue;
      }
      count += 1;
      if (count > limits.maxRows) throw fileError(`at most ${limits.maxRows} rows per import; this file has more: split it`);
      const line = startLine(parsed);
      const problem = recordProblem(parsed.record, columns.length);
      if (problem) invalid.push({ line, reason: problem });
      else rows.push(toRow(columns, parsed.record, line));
    }
  } catch (err) {
    throw translateParseError(err);
  } finally {
    parser.destroy();
    source.destroy();
    await done;
  }
  if (!columns) throw fileError('the CSV is empty; its first line must be a header such as first_name,last_name,company,title,profile_url');
  return { rows, invalid };
}

function recordProblem(record: string[], expected: number): string | null {
  if (record.length !== expected) return `has ${record.length} fields, the header has ${expected}`;
  const long = record.findIndex((cell) => cell.length > MAX_CELL_LENGTH);
  return long >= 0 ? `column ${long + 1} is longer than ${MAX_CELL_LENGTH} characters` : null;
}

function createParser(invalid: InvalidRow[]): Parser {
  return parse({
    bom: true,
    info: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
    on_skip: (err) => {
      if (!err) return undefined;
      // An oversized record fails the file: skipping it would keep buffering it to its end.
      if (err.code === 'CSV_MAX_RECORD_SIZE')
        throw fileError(`line ${err.lines ?? '?'}: a record is longer than ${MAX_RECORD_CHARS} characters`);
      invalid.push({ line: typeof err.lines === 'number' ? err.lines : 0, reason: `unreadable CSV: ${err.message}` });
      return undefined;
    },
  });
}

function translateParseError(err: unknown): unknown {
  if (err instanceof ApiError) return err;
  const cause = (err as { cause?: unknown })?.cause;
  if (cause instanceof ApiError) return cause;
  return fileError(`unreadable CSV: ${(err as Error)?.message ?? String(err)}`);
}

/**
 * One line-ending convention (`\r\n` and `\r` become `\n`), so csv-parse's line count matches what
 * an editor shows; also counts the bytes and fails past `maxBytes`. A `\r` ending a chunk is held
 * back until the next one says whether a `\n` follows.
 */
function normaliseLineEndings(maxBytes: number): Transform {
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let pendingCr = false;
  const convert = (text: string, final: boolean): string => {
    let value = (pendingCr ? '\r' : '') + text;
    pendingCr = !final && value.endsWith('\r');
    if (pendingCr) value = value.slice(0, -1);
    return value.replace(/\r\n?/g, '\n');
  };
  return new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += buffer.length;
      if (bytes > maxBytes) return callback(csvTooLarge(maxBytes));
      callback(null, convert(decoder.write(buffer), false));
    },
    flush(callback) {
      callback(null, convert(decoder.end(), true));
    },
  });
}
