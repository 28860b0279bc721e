import { leadTemplateValues, parseTemplate, renderStepText, renderTemplate, templateSegments, validateTemplate } from './personalisation';

describe('personalisation', () => {
  it('parses variables with and without fallbacks', () => {
    expect(parseTemplate('Hi {{first_name|there}}, {{ company }}')).toEqual([
      { name: 'first_name', fallback: 'there', raw: '{{first_name|there}}' },
      { name: 'company', fallback: undefined, raw: '{{ company }}' },
    ]);
  });
  it('renders from the lead and uses a fallback only where the template gives one', () => {
    expect(renderTemplate('Hi {{first_name}} at {{company|your company}}', { first_name: 'Jonathan' })).toEqual({
      ok: true,
      text: 'Hi Jonathan at your company',
    });
    expect(renderTemplate('Hi {{first_name}}', { first_name: '  ' })).toEqual({ ok: false, missing: ['first_name'] });
  });
  it('refuses to render a template with braces no variable matched, but not a value that has braces', () => {
    expect(renderTemplate('Hi {{first_name}}, about {{custom.budget}}', { first_name: 'Ann' })).toEqual({
      ok: false,
      missing: ['custom.budget'],
    });
    expect(renderTemplate('Hi {{ }}', {})).toEqual({ ok: false, missing: ['(empty)'] });
    expect(renderTemplate('Hi {{first_name}}', { first_name: '{{Ann}}' })).toEqual({ ok: true, text: 'Hi {{Ann}}' });
  });

  it('names unknown variables and accepts custom fields', () => {
    expect(validateTemplate('Hi {{frist_name}} {{industry}}', { action: 'message', customFields: ['industry'] })).toEqual([
      { code: 'unknown_variable', variable: 'frist_name', message: 'unknown variable {{frist_name}}' },
    ]);
  });
  it('rejects an invite note over 300 characters and unbalanced braces', () => {
    expect(validateTemplate('x'.repeat(301), { action: 'invite' }).map((p) => p.code)).toEqual(['too_long']);
    expect(validateTemplate('x'.repeat(301), { action: 'message' })).toEqual([]);
    expect(validateTemplate('Hi {{first_name', { action: 'message' }).map((p) => p.code)).toEqual(['unbalanced_braces']);
  });

  it('cuts a template into text and variables resolved as the renderer resolves them', () => {
    const values = { first_name: 'Ann', company: ' ' };
    const template = 'Hi {{first_name}} at {{company|your team}}, {{title}}!';
    expect(templateSegments(template, values)).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'value', text: 'Ann', variable: 'first_name' },
      { kind: 'text', text: ' at ' },
      { kind: 'fallback', text: 'your team', variable: 'company' },
      { kind: 'text', text: ', ' },
      { kind: 'missing', text: '', variable: 'title' },
      { kind: 'text', text: '!' },
    ]);
    expect(renderTemplate(template, values)).toEqual({ ok: false, missing: ['title'] });
    const complete = 'Hi {{first_name}} at {{company|your team}}';
    expect(
      templateSegments(complete, values)
        .map((s) => s.text)
        .join(''),
    ).toBe((renderTemplate(complete, values) as { text: string }).text);
  });

  it("takes the values from the lead's own fields and names what a step lacks", () => {
    const values = leadTemplateValues(
      { firstName: 'Ann', lastName: null, company: 'Acme', title: null, customFields: { industry: 'Retail' } },
      'Q3',
      'Sam Sender',
    );
    expect(values).toMatchObject({
      first_name: 'Ann',
      full_name: 'Ann',
      industry: 'Retail',
      campaign_name: 'Q3',
      sender_first_name: 'Sam',
    });
    expect(renderStepText('Hi {{first_name}} in {{industry}}', values, 'message')).toEqual({ ok: true, text: 'Hi Ann in Retail' });
    expect(renderStepText('Hi {{title}}', values, 'invite')).toMatchObject({ ok: false, code: 'missing_variable', missing: ['title'] });
  });
});
