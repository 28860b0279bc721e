import { ApiError } from '../http/errors';
import { parseLeadCsv } from './csv';

const header = 'first_name,last_name,company,title,profile_url';

describe('parseLeadCsv', () => {
  it('numbers rows by file line (header = 1), skipping blank lines and following quoted line breaks', () => {
    const csv = `${header}\r\nAna,Silva,Acme,CTO,linkedin.com/in/ana\r\n\r\n"Bo\nB",Li,"Big\nCo",,linkedin.com/in/bo\nCy,Ng,,,linkedin.com/in/cy\n`;
    const { rows, invalid } = parseLeadCsv(csv, 100);
    expect(invalid).toEqual([]);
    expect(rows.map((r) => [r.line, r.first_name])).toEqual([
      [2, 'Ana'],
      [4, 'Bo\nB'],
      [7, 'Cy'],
    ]);
  });

  it('turns extra columns into template-ready custom fields and leaves empty cells out', () => {
    const { rows } = parseLeadCsv('First Name,Last_Name,Public Identifier,Company Size,Industry\nAna,Silva,ana,50-200,\n', 10);
    expect(rows[0]).toMatchObject({ first_name: 'Ana', last_name: 'Silva', public_identifier: 'ana', custom_fields: { company_size: '50-200' } });
  });

  it('reports a record with the wrong number of fields as an invalid row', () => {
    const { rows, invalid } = parseLeadCsv(`${header}\nAna,Silva,Acme\nBo,Li,,,linkedin.com/in/bo\n`, 10);
    expect(invalid).toEqual([{ line: 2, reason: 'has 3 fields, the header has 5' }]);
    expect(rows).toHaveLength(1);
  });

  it('reports broken quoting with its line instead of failing the file', () => {
    const { rows, invalid } = parseLeadCsv(`${header}\nAna,Silva,,,linkedin.com/in/ana\nBo,"Li"x,,,linkedin.com/in/bo\n`, 10);
    expect(rows.map((r) => r.first_name)).toEqual(['Ana']);
    expect(invalid[0]).toMatchObject({ line: 3, reason: expect.stringContaining('unreadable CSV') });
  });

  it.each([
    ['an empty file', '', 'empty'],
    ['no identifier column', 'first_name,last_name,company\n', 'profile_url or a public_identifier'],
    ['no last_name column', 'first_name,profile_url\n', 'lacks last_name'],
    ['two columns naming one field', 'first_name,last_name,profile_url,Notes,notes\n', 'same field'],
    ['a column shadowing a standard variable', 'first_name,last_name,profile_url,full_name\n', '{{full_name}}'],
  ])('rejects %s with a 400', (_what, csv, message) => {
    expect(() => parseLeadCsv(csv, 10)).toThrow(ApiError);
    expect(() => parseLeadCsv(csv, 10)).toThrow(message);
  });

  it('rejects more rows than allowed', () => {
    const csv = `${header}\n${Array.from({ length: 3 }, (_, i) => `A,B,,,linkedin.com/in/p${i}`).join('\n')}`;
    expect(() => parseLeadCsv(csv, 2)).toThrow('at most 2 rows');
  });
});
