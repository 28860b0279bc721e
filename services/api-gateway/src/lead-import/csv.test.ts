import { Readable } from 'node:stream';
import { ApiError } from '../http/errors';
import { MAX_CELL_LENGTH, MAX_RECORD_CHARS, readLeadCsv } from './csv';

const parseLeadCsv = (text: string, maxRows: number) => readLeadCsv(text, { maxRows });

const header = 'first_name,last_name,company,title,profile_url';

describe('parseLeadCsv', () => {
  it('numbers rows by file line (header = 1), skipping blank lines and following quoted line breaks', async () => {
    const csv = `${header}\r\nAna,Silva,Acme,CTO,linkedin.com/in/ana\r\n\r\n"Bo\nB",Li,"Big\nCo",,linkedin.com/in/bo\nCy,Ng,,,linkedin.com/in/cy\n`;
    const { rows, invalid } = await parseLeadCsv(csv, 100);
    expect(invalid).toEqual([]);
    expect(rows.map((r) => [r.line, r.first_name])).toEqual([
      [2, 'Ana'],
      [4, 'Bo\nB'],
      [7, 'Cy'],
    ]);
  });

  it('turns extra columns into template-ready custom fields and leaves empty cells out', async () => {
    const { rows } = await parseLeadCsv('First Name,Last_Name,Public Identifier,Company Size,Industry\nAna,Silva,ana,50-200,\n', 10);
    expect(rows[0]).toMatchObject({
      first_name: 'Ana',
      last_name: 'Silva',
      public_identifier: 'ana',
      custom_fields: { company_size: '50-200' },
    });
  });

  it('reports a record with the wrong number of fields as an invalid row', async () => {
    const { rows, invalid } = await parseLeadCsv(`${header}\nAna,Silva,Acme\nBo,Li,,,linkedin.com/in/bo\n`, 10);
    expect(invalid).toEqual([{ line: 2, reason: 'has 3 fields, the header has 5' }]);
    expect(rows).toHaveLength(1);
  });

  it('reports broken quoting with its line instead of failing the file', async () => {
    const { rows, invalid } = await parseLeadCsv(`${header}\nAna,Silva,,,linkedin.com/in/ana\nBo,"Li"x,,,linkedin.com/in/bo\n`, 10);
    expect(rows.map((r) => r.first_name)).toEqual(['Ana']);
    expect(invalid[0]).toMatchObject({ line: 3, reason: expect.stringContaining('unreadable CSV') });
  });

  it.each([
    ['an empty file', '', 'empty'],
    ['no identifier column', 'first_name,last_name,company\n', 'profile_url or a public_identifier'],
    ['no last_name column', 'first_name,profile_url\n', 'lacks last_name'],
    ['two columns naming one field', 'first_name,last_name,profile_url,Notes,notes\n', 'same field'],
    ['a column shadowing a standard variable', 'first_name,last_name,profile_url,full_name\n', '{{full_name}}'],
  ])('rejects %s with a 400', async (_what, csv, message) => {
    await expect(parseLeadCsv(csv, 10)).rejects.toThrow(ApiError);
    await expect(parseLeadCsv(csv, 10)).rejects.toThrow(message);
  });

  it('rejects more rows than allowed', async () => {
    const csv = `${header}\n${Array.from({ length: 3 }, (_, i) => `A,B,,,linkedin.com/in/p${i}`).join('\n')}`;
    await expect(parseLeadCsv(csv, 2)).rejects.toThrow('at most 2 rows');
  });
});

describe('readLeadCsv limits', () => {
  it('stops at the first row past the cap, without reading the rest of the stream', async () => {
    let produced = 0;
    // An endless file: only a parser that counts while reading ever answers.
    const endless = new Readable({
      read() {
        produced += 1;
        this.push(produced === 1 ? `${header}\n` : `A,B,,,linkedin.com/in/p${produced}\n`);
      },
    });
    await expect(readLeadCsv(endless, { maxRows: 5 })).rejects.toThrow('at most 5 rows');
    // What the stream buffers held when the cap was hit, not the (endless) file.
    expect(produced).toBeLessThan(10_000);
    expect(endless.destroyed).toBe(true);
  });

  it('reports a cell longer than the cell limit as an invalid row and keeps the others', async () => {
    const { rows, invalid } = await parseLeadCsv(
      `${header}\nAna,Silva,${'x'.repeat(MAX_CELL_LENGTH + 1)},,linkedin.com/in/ana\nBo,Li,,,linkedin.com/in/bo\n`,
      10,
    );
    expect(invalid).toEqual([{ line: 2, reason: `column 3 is longer than ${MAX_CELL_LENGTH} characters` }]);
    expect(rows.map((r) => r.first_name)).toEqual(['Bo']);
  });

  it('refuses a record longer than the record limit with a 400 naming its line', async () => {
    const huge = `${header}\nAna,Silva,,,linkedin.com/in/ana\n"${'y'.repeat(MAX_RECORD_CHARS + 10)}",B,,,linkedin.com/in/b\n`;
    const failure = parseLeadCsv(huge, 10);
    await expect(failure).rejects.toMatchObject({ status: 400, message: expect.stringContaining('line 3') });
  });

  it('refuses more bytes than allowed with a 413', async () => {
    await expect(
      readLeadCsv(`${header}\n${'A,B,,,linkedin.com/in/a\n'.repeat(100)}`, { maxRows: 1000, maxBytes: 500 }),
    ).rejects.toMatchObject({ status: 413 });
  });

  // Generous bound on a loaded machine: the quadratic trim took ~30 s on one such cell.
  it('reads 50,000-character header cells quickly and quotes only the start of a bad one', async () => {
    const start = performance.now();
    const failure = parseLeadCsv(`first_name,last_name,profile_url,x${'_'.repeat(50_000)}!,${'/'.repeat(50_000)}\n`, 10).catch(
      (err: Error) => err,
    );
    const err = (await failure) as Error;
    expect(performance.now() - start).toBeLessThan(5000);
    expect(err.message).toContain('column 5');
    expect(err.message.length).toBeLessThan(300);
  });

  it('keeps line numbers right when a \r\n is split across chunks', async () => {
    const { rows } = await readLeadCsv(
      Readable.from([`${header}\r`, '\nAna,Silva,,,linkedin.com/in/ana\r', '\nBo,Li,,,linkedin.com/in/bo\r\n']),
      { maxRows: 10 },
    );
    expect(rows.map((r) => [r.line, r.first_name])).toEqual([
      [2, 'Ana'],
      [3, 'Bo'],
    ]);
  });
});
