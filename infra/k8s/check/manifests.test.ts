import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '@outreach/config';
import type { z } from 'zod';
import { gatewayConfigSchema } from '../../../services/api-gateway/src/config';
import { dashboardConfigSchema } from '../../../services/dashboard/src/server/config';
import { notifierConfigSchema } from '../../../services/notifier/src/config';
import { senderConfigSchema } from '../../../services/outbound-sender/src/config';
import { matcherConfigSchema } from '../../../services/reply-matcher/src/config';
import { reporterConfigSchema } from '../../../services/reporter/src/config';
import { sequencerConfigSchema } from '../../../services/sequencer/src/config';
import { ingestConfigSchema } from '../../../services/webhook-ingest/src/config';
import { applyJsonPatch, renderKustomization, type K8sObject } from './render';

const run = promisify(execFile);
const K8S = path.resolve(__dirname, '..');
const BASE = path.join(K8S, 'base');
const PRODUCTION = path.join(K8S, 'overlays', 'production');

/** Every deployable and the zod schema its process parses its environment with. */
const SCHEMAS: Record<string, z.ZodObject> = {
  'api-gateway': gatewayConfigSchema,
  'webhook-ingest': ingestConfigSchema,
  dashboard: dashboardConfigSchema,
  'reply-matcher': matcherConfigSchema,
  notifier: notifierConfigSchema,
  'outbound-sender': senderConfigSchema,
  sequencer: sequencerConfigSchema,
  reporter: reporterConfigSchema,
};
const HTTP = { 'api-gateway': 3000, 'webhook-ingest': 3001, dashboard: 3002 } as const;
const WORKERS = ['reply-matcher', 'notifier', 'outbound-sender', 'sequencer', 'reporter'];
/**
 * Variables the manifests set that another branch adds to the config schemas (ops-metrics: the
 * workers' metrics and health port). Remove a name here once its schema is merged.
 */
const PENDING_ENV = new Set<string>();

/** Stand-ins for the Secret `outreach-secrets`, shaped like real values so each schema's checks run. */
const SECRET_VALUES: Record<string, string> = {
  DATABASE_URL: 'postgres://outreach:secret@postgres:5432/outreach',
  REDIS_URL: 'redis://:secret@redis:6379',
  UNIPILE_API_KEY: 'unipile-api-key-value',
  UNIPILE_WEBHOOK_SECRET: 'webhook-secret-0123456789',
  JWT_SECRET: 'jwt-secret-0123456789-0123456789-0123',
  UNSUBSCRIBE_SECRET: 'unsubscribe-secret-0123',
  RESEND_API_KEY: 're_0123456789',
  ADMIN_EMAIL: 'admin@outreach.example.com',
  ADMIN_PASSWORD: 'admin-password-0123',
};

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
  };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  ports?: Array<{ name: string; containerPort: number }>;
  env?: EnvVar[];
  envFrom?: unknown[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
}
interface DeploymentSpec {
  replicas?: number;
  selector: { matchLabels: Record<string, string> };
  template: { metadata: { labels: Record<string, string> }; spec: { terminationGracePeriodSeconds?: number; containers: Container[] } };
}
interface Trigger {
  type: string;
  metricType?: string;
  metadata: { query?: string; threshold?: string; serverAddress?: string };
}

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const one = (objects: K8sObject[], kind: string, name: string): K8sObject => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
};
const specOf = <T>(o: K8sObject) => o.spec as T;
const containerOf = (o: K8sObject): Container => {
  const containers = specOf<DeploymentSpec>(o).template.spec.containers;
  expect(containers).toHaveLength(1);
  return containers[0] as Container;
};

describe.each([
  ['base', BASE],
  ['production', PRODUCTION],
])('the %s kustomization', (_label, dir) => {
  const objects = renderKustomization(dir);
  const settings = one(objects, 'ConfigMap', 'outreach-settings').data as Record<string, string>;

  it('has one Deployment and one PodDisruptionBudget per service, selecting its pods, and a Service per HTTP service', () => {
    expect(
      byKind(objects, 'Deployment')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(Object.keys(SCHEMAS).sort());
    for (const deployment of byKind(objects, 'Deployment')) {
      const spec = specOf<DeploymentSpec>(deployment);
      const pdb = one(objects, 'PodDisruptionBudget', deployment.metadata.name);
      expect(specOf<{ selector: unknown }>(pdb).selector).toEqual(spec.selector);
      for (const [key, value] of Object.entries(spec.selector.matchLabels)) expect(spec.template.metadata.labels[key]).toBe(value);
    }
    expect(
      byKind(objects, 'Service')
        .map((s) => s.metadata.name)
        .sort(),
    ).toEqual(Object.keys(HTTP).sort());
    for (const [name, port] of Object.entries(HTTP)) {
      const service = specOf<{ selector: Record<string, string>; ports: Array<{ port: number; targetPort: string }> }>(
        one(objects, 'Service', name),
      );
      expect(service.selector).toEqual(specOf<DeploymentSpec>(one(objects, 'Deployment', name)).selector.matchLabels);
      expect(service.ports).toEqual([expect.objectContaining({ port, targetPort: 'http' })]);
      expect(containerOf(one(objects, 'Deployment', name)).ports).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
    }
  });

  it('probes every container on /healthz and /readyz of a port it declares (workers: METRICS_PORT), with resources', () => {
    for (const deployment of byKind(objects, 'Deployment')) {
      const name = deployment.metadata.name;
      const container = containerOf(deployment);
      const portName = name in HTTP ? 'http' : 'metrics';
      expect(container.ports?.map((p) => p.name)).toContain(portName);
      expect(container.livenessProbe?.httpGet).toEqual({ path: portName === 'metrics' ? '/livez' : '/healthz', port: portName });
      expect(container.startupProbe?.httpGet).toEqual({ path: '/healthz', port: portName });
      // The dashboard has no dependency of its own to be ready for.
      expect(container.readinessProbe?.httpGet).toEqual({ path: name === 'dashboard' ? '/healthz' : '/readyz', port: portName });
      if (WORKERS.includes(name)) {
        const metricsPort = container.ports?.find((p) => p.name === 'metrics')?.containerPort;
        expect(container.env?.find((e) => e.name === 'METRICS_PORT')?.value).toBe(String(metricsPort));
      }
      expect(container.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.resources?.limits?.memory).toEqual(expect.any(String));
    }
  });

  it("sets only variables the service's config schema defines, and its schema accepts what the pod gets", () => {
    for (const deployment of byKind(objects, 'Deployment')) {
      const name = deployment.metadata.name;
      const schema = SCHEMAS[name] as z.ZodObject;
      const container = containerOf(deployment);
      expect({ name, envFrom: container.envFrom }).toEqual({ name, envFrom: undefined });
      const names = (container.env ?? []).map((e) => e.name);
      expect({ name, duplicates: names.filter((n, i) => names.indexOf(n) !== i) }).toEqual({ name, duplicates: [] });
      const unknown = names.filter((n) => !(n in schema.shape) && !PENDING_ENV.has(n));
      expect({ name, unknown }).toEqual({ name, unknown: [] });

      const env: Record<string, string> = {};
      for (const variable of container.env ?? []) {
        const configRef = variable.valueFrom?.configMapKeyRef;
        const secretRef = variable.valueFrom?.secretKeyRef;
        if (configRef) {
          expect({ name, variable: variable.name, configMap: configRef.name, has: configRef.key in settings }).toEqual({
            name,
            variable: variable.name,
            configMap: 'outreach-settings',
            has: true,
          });
          env[variable.name] = settings[configRef.key] as string;
        } else if (secretRef) {
          expect({ variable: variable.name, secret: secretRef.name, key: secretRef.key in SECRET_VALUES }).toEqual({
            variable: variable.name,
            secret: 'outreach-secrets',
            key: true,
          });
          // An optional secret key may be absent: the service must start without it.
          if (!secretRef.optional) env[variable.name] = SECRET_VALUES[secretRef.key] as string;
        } else {
          env[variable.name] = variable.value as string;
        }
      }
      expect(env.NODE_ENV).toBe('production');
      expect(() => loadConfig(schema, env)).not.toThrow();
    }
  });

  it('scales reply-matcher and notifier on their queue metrics through Prometheus, and the sender on active accounts', () => {
    const scaled = byKind(objects, 'ScaledObject');
    expect(scaled.map((s) => s.metadata.name).sort()).toEqual(['notifier', 'outbound-sender', 'reply-matcher']);
    for (const object of scaled) {
      const spec = specOf<{ scaleTargetRef: { name: string }; minReplicaCount: number; maxReplicaCount: number; triggers: Trigger[] }>(
        object,
      );
      const target = one(objects, 'Deployment', spec.scaleTargetRef.name);
      // KEDA's HPA owns the replica count: a replicas field would fight it on every apply.
      expect({ target: target.metadata.name, replicas: specOf<DeploymentSpec>(target).replicas }).toEqual({
        target: object.metadata.name,
        replicas: undefined,
      });
      expect(spec.minReplicaCount).toBeGreaterThanOrEqual(1);
      expect(spec.maxReplicaCount).toBeGreaterThan(spec.minReplicaCount);
      for (const trigger of spec.triggers) {
        expect(trigger.type).toBe('prometheus');
        expect(trigger.metadata.serverAddress).toMatch(/^https?:\/\//);
        expect(Number(trigger.metadata.threshold)).toBeGreaterThan(0);
      }
    }
    const queries = (name: string) =>
      specOf<{ triggers: Trigger[] }>(one(objects, 'ScaledObject', name)).triggers.map((t) => t.metadata.query);
    for (const [name, queue] of [
      ['reply-matcher', 'unipile-deliveries'],
      ['notifier', 'notifications'],
    ]) {
      expect(queries(name as string)).toEqual([
        `sum(outreach_queue_jobs{queue="${queue}",state=~"waiting|prioritized"})`,
        `max(outreach_queue_oldest_waiting_age_seconds{queue="${queue}"})`,
      ]);
    }
    expect(queries('outbound-sender')).toEqual(['max(sum by (instance) (outreach_linkedin_accounts{status="OK",paused="false"}))']);
  });

  it('keeps a drained worker inside its grace period: longer than its job lock where a job can take that long', () => {
    const sender = specOf<DeploymentSpec>(one(objects, 'Deployment', 'outbound-sender'));
    const lockMs = Number(
      containerOf(one(objects, 'Deployment', 'outbound-sender')).env?.find((e) => e.name === 'OUTBOUND_SENDER_LOCK_MS')?.value,
    );
    expect((sender.template.spec.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(lockMs);
  });
});

/**
 * The schemas above accept unknown fields (Kubernetes' OpenAPI leaves them open, and the API server
 * drops them silently): a misspelt `readinesProbe` would pass them and never probe. These are the fields
 * each level may hold, so a typo fails here, as `kubeconform -strict` would.
 */
const ALLOWED_FIELDS: Array<[string, (o: K8sObject) => unknown[], string[]]> = [
  [
    'Deployment spec',
    (o) => (o.kind === 'Deployment' ? [o.spec] : []),
    ['replicas', 'revisionHistoryLimit', 'selector', 'strategy', 'template'],
  ],
  [
    'pod spec',
    (o) => (o.kind === 'Deployment' ? [specOf<DeploymentSpec>(o).template.spec] : []),
    [
      'terminationGracePeriodSeconds',
      'automountServiceAccountToken',
      'securityContext',
      'topologySpreadConstraints',
      'containers',
      'volumes',
    ],
  ],
  [
    'container',
    (o) => (o.kind === 'Deployment' ? specOf<DeploymentSpec>(o).template.spec.containers : []),
    [
      'name',
      'image',
      'imagePullPolicy',
      'ports',
      'env',
      'resources',
      'startupProbe',
      'livenessProbe',
      'readinessProbe',
      'lifecycle',
      'securityContext',
      'volumeMounts',
    ],
  ],
  [
    'probe',
    (o) =>
      o.kind === 'Deployment'
        ? specOf<DeploymentSpec>(o).template.spec.containers.flatMap((c) => [c.startupProbe, c.livenessProbe, c.readinessProbe])
        : [],
    ['httpGet', 'periodSeconds', 'timeoutSeconds', 'failureThreshold', 'initialDelaySeconds'],
  ],
  [
    'ScaledObject spec',
    (o) => (o.kind === 'ScaledObject' ? [o.spec] : []),
    ['scaleTargetRef', 'minReplicaCount', 'maxReplicaCount', 'pollingInterval', 'cooldownPeriod', 'advanced', 'triggers'],
  ],
  [
    'ScaledObject trigger',
    (o) => (o.kind === 'ScaledObject' ? specOf<{ triggers: unknown[] }>(o).triggers : []),
    ['type', 'name', 'metricType', 'metadata'],
  ],
  [
    'prometheus trigger metadata',
    (o) => (o.kind === 'ScaledObject' ? specOf<{ triggers: Trigger[] }>(o).triggers.map((t) => t.metadata) : []),
    ['serverAddress', 'query', 'threshold', 'activationThreshold'],
  ],
];

describe('every Deployment and ScaledObject', () => {
  it.each([
    ['base', BASE],
    ['production', PRODUCTION],
  ])('in the %s kustomization holds no field outside the ones its level has', (_label, dir) => {
    const strays: string[] = [];
    for (const object of renderKustomization(dir)) {
      for (const [level, pick, allowed] of ALLOWED_FIELDS) {
        for (const part of pick(object)) {
          for (const key of Object.keys(part as object)) {
            if (!allowed.includes(key)) strays.push(`${object.kind}/${object.metadata.name} ${level}: ${key}`);
          }
        }
      }
    }
    expect(strays).toEqual([]);
  });
});

describe('the production overlay', () => {
  const objects = renderKustomization(PRODUCTION);

  it('puts everything in its namespace, pins every image to the registry and lets the HPA own the gateway', () => {
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['outreach']));
    for (const deployment of byKind(objects, 'Deployment')) {
      expect(containerOf(deployment).image).toBe(`registry.example.com/outreach/${deployment.metadata.name}:1.0.0`);
      expect(deployment.metadata.labels?.['app.kubernetes.io/part-of']).toBe('outreach');
    }
    expect(specOf<DeploymentSpec>(one(objects, 'Deployment', 'api-gateway')).replicas).toBeUndefined();
    expect(specOf<{ scaleTargetRef: { name: string } }>(one(objects, 'HorizontalPodAutoscaler', 'api-gateway')).scaleTargetRef.name).toBe(
      'api-gateway',
    );
  });
});

describe('every rendered object', () => {
  it('is valid against the Kubernetes API schemas and the KEDA ScaledObject CRD schema', async () => {
    const tsx = path.resolve(__dirname, '../../../node_modules/.bin/tsx');
    const { stdout } = await run(tsx, [path.join(__dirname, 'validate.mts'), BASE, PRODUCTION], { timeout: 60_000 }).catch(
      (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
    );
    const report = JSON.parse(stdout) as { rendered: Record<string, number>; problems: string[] };
    expect(report.problems).toEqual([]);
    expect(report.rendered).toEqual({ [BASE]: renderKustomization(BASE).length, [PRODUCTION]: renderKustomization(PRODUCTION).length });
  }, 60_000);
});

describe('the kustomize-lite', () => {
  const deployment = (): K8sObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: { replicas: 1, list: ['a'] },
  });

  it('applies add, replace and remove like kustomize, and names a path that does not exist', () => {
    const d = deployment();
    applyJsonPatch(
      d,
      [
        { op: 'replace', path: '/spec/replicas', value: 3 },
        { op: 'add', path: '/spec/list/-', value: 'b' },
        { op: 'remove', path: '/spec/list/0' },
        { op: 'add', path: '/metadata/labels', value: { a: 'b' } },
      ],
      'test',
    );
    expect(d).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', labels: { a: 'b' } },
      spec: { replicas: 3, list: ['b'] },
    });
    expect(() => applyJsonPatch(deployment(), [{ op: 'replace', path: '/spec/missing', value: 1 }], 'test')).toThrow(
      'test: /spec/missing does not exist',
    );
    expect(() => applyJsonPatch(deployment(), [{ op: 'remove', path: '/spec/a/b' }], 'test')).toThrow('test: /spec/a/b does not exist');
  });
});
