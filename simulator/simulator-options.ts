import type { Fault } from './fault';

/** How to start a simulator; every field has a default. */
export interface SimulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 'system'. */
  sysUser?: string;
  /** Default 'sim-password'. */
  sysPwd?: string;
  /** IANA zone of the simulated CBS clock, default 'Europe/Berlin'. */
  timeZone?: string;
  /** The clock, default `() => new Date()`. */
  now?: () => Date;
  /** Delay added to every answer, default 0. */
  latencyMs?: number;
  /** Default 'demo'. */
  scenario?: 'demo' | 'scale';
  /** Scale scenario: number of generated users, default 10. */
  users?: number;
  /** Scale scenario: sets per user, default 3. */
  setsPerUser?: number;
  /** Scale scenario: jobs per set per calendar day, spread through the day; default 1. */
  jobsPerDay?: number;
  /** Seeds the scenario and the faults' probability draws. Default 1. */
  seed?: number;
  /** Faults armed from the start, tried in order; default none. See `Fault`. */
  faults?: readonly Fault[];
}

export type ResolvedOptions = Required<SimulatorOptions>;
