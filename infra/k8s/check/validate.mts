// Checks rendered kustomizations against the Kubernetes API schemas (kubernetes-models) and KEDA's CRD
// schema (@kubernetes-models/keda). An ES module run by tsx: both packages ship ES modules only, which
// jest on Node 20 cannot load, so manifests.test.ts runs this file and reads its JSON answer.
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import render from './render.js';

type Validating = { validate(): void };
const MODELS: Record<string, new (data: never) => Validating> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

const report: { rendered: Record<string, number>; problems: string[] } = { rendered: {}, problems: [] };
for (const dir of process.argv.slice(2)) {
  const objects = render.renderKustomization(dir);
  report.rendered[dir] = objects.length;
  for (const object of objects) {
    const id = `${dir}: ${object.kind}/${object.metadata.name}`;
    const Model = MODELS[`${object.apiVersion}/${object.kind}`];
    if (!Model) {
      report.problems.push(`${id}: no schema known for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(object as never).validate();
    } catch (err) {
      report.problems.push(`${id}: ${(err as Error).message}`);
    }
  }
}
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exitCode = report.problems.length > 0 ? 1 : 0;
