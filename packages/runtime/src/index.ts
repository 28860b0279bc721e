export { createInfrastructure, type Infrastructure, type InfrastructureOptions } from './infrastructure';
export { runService, type RunningService, type RunServiceOptions, type ServiceProcess } from './run-service';
export { createJobWorker, type JobWorkerOptions, type Processor, type ProcessorTable } from './job-worker';
export { jobLogFields, type JobContext } from './job-context';
export { startOpsServer, type OpsServer, type OpsServerOptions } from './ops-server';
export { createLivenessCheck, type LivenessReport, type QueueLiveness } from './liveness';
