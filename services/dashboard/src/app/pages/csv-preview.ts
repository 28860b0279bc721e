/** What a CSV will become, shown before it is sent. The API stays the judge of every line. */
export interface CsvPreview {
  columns: Array<{ header: string; field: string }>;
  sample: string[][];
  rowCount: number;
}

const STANDARD = new Set(['first_name', 'last_name', 'company', 'title', 'profile_url', 'public_identifier']);
const PREVIEW_BYTES = 64 * 1024;

/** Splits one CSV line (quotes and doubled quotes; a preview need not follow line breaks inside quotes). */
function splitLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

function fieldFor(header: string): string {
  const name = header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!name) return 'ignored (empty header)';
  return STANDARD.has(name) ? name : `custom field {{${name}}}`;
}

export function previewCsv(text: string): CsvPreview {
  const head = text
    .slice(0, PREVIEW_BYTES)
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const [header, ...rows] = head;
  if (!header) return { columns: [], sample: [], rowCount: 0 };
  const rowCount = text.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;
  return { columns: splitLine(header).map((h) => ({ header: h, field: fieldFor(h) })), sample: rows.slice(0, 3).map(splitLine), rowCount };
}
