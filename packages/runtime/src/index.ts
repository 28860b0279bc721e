export { createInfrastructure, type Infrastructure, type InfrastructureOptions } from './infrastructure';
export { runService, type RunningService, type RunServiceOptions, type ServiceProcess } from './run-service';
