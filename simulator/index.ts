export type { Fault, FaultEffect, FaultMode, FaultScope } from './fault';
export { parseFaultFlag } from './fault-flag';
export { type RunningSimulator, startSimulator } from './http-server';
/** The seeded generator behind the simulator's data, for tools that make data of the same kind. */
export { intBetween, logBetween, randomFor } from './prng';
export type { SimulatorOptions } from './simulator-options';
export { SimulatorOptionsError } from './simulator-options-error';
export type { SimUser } from './user-plan';
