import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { registry } from './index';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const ALERTS = path.join(ROOT, 'infra', 'prometheus', 'alerts.yml');
const DASHBOARD = path.join(ROOT, 'infra', 'grafana', 'outreach-platform.json');

/** Every name a registry family exposes: a histogram's `_bucket`, `_sum` and `_count` series too. */
async function exportedNames(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
  }
  return names;
}

/** Metric names in a PromQL expression: ours (`outreach_*`) and the default process and Node.js ones. */
const metricNamesIn = (expr: string): string[] =>
  [...expr.matchAll(/\b((?:outreach|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1] as string);

interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ alert?: string; expr: string; labels?: Record<string, string> }> }>;
}

interface Panel {
  title?: string;
  targets?: Array<{ expr: string }>;
}

describe('alert rules and the Grafana dashboard', () => {
  const rules = parse(readFileSync(ALERTS, 'utf8')) as RuleFile;
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };

  it('pass promtool check rules (Debian package prometheus)', () => {
    const out = execFileSync('promtool', ['check', 'rules', ALERTS], { encoding: 'utf8' });
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('alert on every situation the on-call needs, each with a severity', () => {
    const alerts = rules.groups.flatMap((g) => g.rules);
    expect(alerts.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'RepliesWaiting',
        'OldestDeliveryAge',
        'FailedJobsRising',
        'AccountPausedByLinkedIn',
        'WebhookDeliveriesStopped',
        'ReplyLatencyP99High',
      ]),
    );
    for (const rule of alerts) expect(rule.labels?.severity).toMatch(/^(page|warn|info)$/);
  });

  it('use only metric names the registry exports', async () => {
    const exported = await exportedNames();
    const used = new Map<string, string>();
    for (const rule of rules.groups.flatMap((g) => g.rules))
      for (const name of metricNamesIn(rule.expr)) used.set(name, `alert ${rule.alert}`);
    const panels = dashboard.panels.filter((p) => p.targets);
    expect(panels.length).toBeGreaterThan(10);
    for (const panel of panels)
      for (const t of panel.targets ?? []) for (const name of metricNamesIn(t.expr)) used.set(name, `panel ${panel.title}`);
    const missing = [...used].filter(([name]) => !exported.has(name)).map(([name, where]) => `${name} (${where})`);
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(10);
  });

  it('give every dashboard panel a unique id and a Prometheus query', () => {
    const ids = dashboard.panels.map((p) => (p as { id: number }).id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels.filter((p) => (p as { type: string }).type !== 'row'))
      expect(panel.targets?.length).toBeGreaterThan(0);
  });
});
