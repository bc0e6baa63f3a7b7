export type { Fault, FaultEffect, FaultMode, FaultScope } from './fault';
export { type RunningSimulator, startSimulator } from './http-server';
export { type SimulatorOptions, SimulatorOptionsError } from './options';
export type { SimUser } from './user-plan';
