import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * A kustomize-lite: renders a kustomization the way `kubectl kustomize` does, for the few features
 * these manifests use (resources, namespace, labels, images, replicas, JSON 6902 patches). It exists
 * so `pnpm test` can check the rendered objects without a kustomize binary; any other field is
 * refused rather than silently ignored, so the manifests cannot drift into what it cannot render.
 */

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  namespace?: string;
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }>;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
  replicas?: Array<{ name: string; count: number }>;
  patches?: Array<{ path?: string; patch?: string; target: { kind: string; name: string } }>;
}

type PatchOp = { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown };

const KNOWN = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'images', 'replicas', 'patches']);
/** Kinds that hold a pod template at spec.template. */
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);

function readYaml(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
    return doc.toJS() as unknown;
  });
}

function asObject(value: unknown, where: string): K8sObject {
  const o = value as K8sObject;
  if (!o || typeof o !== 'object' || !o.kind || !o.apiVersion || !o.metadata?.name) throw new Error(`${where}: not a Kubernetes object`);
  return o;
}

const pointer = (p: string): string[] =>
  p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** RFC 6902 add / replace / remove, strict: a replace or remove of a missing path is an error, as in kustomize. */
export function applyJsonPatch(target: K8sObject, ops: PatchOp[], where: string): void {
  for (const op of ops) {
    const parts = pointer(op.path);
    const last = parts.pop();
    if (last === undefined) throw new Error(`${where}: empty patch path`);
    let node: unknown = target;
    for (const part of parts) {
      node = Array.isArray(node) ? node[Number(part)] : (node as Record<string, unknown> | undefined)?.[part];
      if (node === undefined || node === null || typeof node !== 'object') throw new Error(`${where}: ${op.path} does not exist`);
    }
    if (Array.isArray(node)) {
      const index = last === '-' ? node.length : Number(last);
      if (!Number.isInteger(index) || index < 0 || index > node.length) throw new Error(`${where}: bad index in ${op.path}`);
      if (op.op === 'add') node.splice(index, 0, op.value);
      else if (index >= node.length) throw new Error(`${where}: ${op.path} does not exist`);
      else if (op.op === 'replace') node[index] = op.value;
      else node.splice(index, 1);
      continue;
    }
    const record = node as Record<string, unknown>;
    if (op.op !== 'add' && !(last in record)) throw new Error(`${where}: ${op.path} does not exist`);
    if (op.op === 'remove') delete record[last];
    else record[last] = op.value;
  }
}

function podSpecOf(o: K8sObject): { containers?: Array<{ image?: string }>; initContainers?: Array<{ image?: string }> } | undefined {
  if (!WORKLOADS.has(o.kind)) return undefined;
  return (o.spec as { template?: { spec?: ReturnType<typeof podSpecOf> } } | undefined)?.template?.spec;
}

function setImage(image: string, rule: { name: string; newName?: string; newTag?: string }): string {
  const at = image.indexOf('@');
  const colon = image.lastIndexOf(':');
  const tagStart = at >= 0 ? at : colon > image.lastIndexOf('/') ? colon : image.length;
  const name = image.slice(0, tagStart);
  if (name !== rule.name) return image;
  return `${rule.newName ?? name}${rule.newTag !== undefined ? `:${rule.newTag}` : image.slice(tagStart)}`;
}

/** Renders the kustomization in `dir` (a folder holding kustomization.yaml) into its objects. */
export function renderKustomization(dir: string): K8sObject[] {
  const file = path.join(dir, 'kustomization.yaml');
  const [raw] = readYaml(file) as [Kustomization];
  for (const key of Object.keys(raw)) if (!KNOWN.has(key)) throw new Error(`${file}: ${key} is not supported by the kustomize-lite`);

  const objects: K8sObject[] = [];
  for (const resource of raw.resources ?? []) {
    const full = path.resolve(dir, resource);
    if (statSync(full).isDirectory()) objects.push(...renderKustomization(full));
    else objects.push(...readYaml(full).map((doc, i) => asObject(doc, `${full}#${i}`)));
  }
  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata.name}`;
    if (seen.has(id)) throw new Error(`${file}: ${id} is defined twice`);
    seen.add(id);
  }
  const find = (kind: string, name: string, where: string) => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (!found) throw new Error(`${where}: no ${kind}/${name} to patch`);
    return found;
  };

  for (const patch of raw.patches ?? []) {
    const where = `${file}: patch of ${patch.target.kind}/${patch.target.name}`;
    const ops = (patch.path ? readYaml(path.resolve(dir, patch.path))[0] : parseAllDocuments(patch.patch ?? '')[0]?.toJS()) as PatchOp[];
    if (!Array.isArray(ops)) throw new Error(`${where}: only JSON 6902 patches (a list of operations) are supported`);
    applyJsonPatch(find(patch.target.kind, patch.target.name, where), ops, where);
  }
  for (const rule of raw.replicas ?? []) {
    const target = objects.find((o) => WORKLOADS.has(o.kind) && o.metadata.name === rule.name);
    if (!target) throw new Error(`${file}: replicas for unknown workload ${rule.name}`);
    (target.spec as Record<string, unknown>).replicas = rule.count;
  }
  for (const rule of raw.images ?? []) {
    for (const o of objects) {
      const spec = podSpecOf(o);
      for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) if (c.image) c.image = setImage(c.image, rule);
    }
  }
  for (const label of raw.labels ?? []) {
    if (label.includeSelectors) throw new Error(`${file}: labels.includeSelectors is not supported (selectors are immutable)`);
    for (const o of objects) {
      o.metadata.labels = { ...o.metadata.labels, ...label.pairs };
      const template = (o.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template;
      if (label.includeTemplates && WORKLOADS.has(o.kind) && template) {
        template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, ...label.pairs } };
      }
    }
  }
  if (raw.namespace) for (const o of objects) o.metadata.namespace = raw.namespace;
  return objects;
}
