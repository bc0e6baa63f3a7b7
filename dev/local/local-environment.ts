import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Config } from '../../lambda/config/schema';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../simulator';
import { type EventBridgeStandIn, startEventBridgeStandIn } from './eventbridge-stand-in';
import { type SesLocal, startSesLocal } from './ses-local';
import { type SsmStandIn, startSsmStandIn } from './ssm-stand-in';

export const CREDENTIALS_PARAMETER = '/backup-digest/cbs-credentials';

/**
 * Everything a run needs, on loopback and with no AWS account: the CBS simulator, an SSM
 * stand-in holding the credentials as a SecureString, aws-ses-v2-local, and an EventBridge stand-in
 * for the run's events. The production code
 * reaches them the way it reaches AWS, through the SDK's `AWS_ENDPOINT_URL_<SERVICE>` variables.
 */
export interface LocalEnvironment {
  simulator: RunningSimulator;
  ssm: SsmStandIn;
  ses: SesLocal;
  /** EventBridge's PutEvents; a run publishes to it when EVENT_BUS_NAME is set too. */
  events: EventBridgeStandIn;
  /** The variables that point the SDK at the stand-ins. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalEnvironment(
  simulatorOptions: SimulatorOptions = {},
): Promise<LocalEnvironment> {
  const simulator = await startSimulator(simulatorOptions);
  const ssm = await startSsmStandIn({
    [CREDENTIALS_PARAMETER]: JSON.stringify({ SysUser: simulator.sysUser, SysPwd: simulator.sysPwd }),
  });
  const ses = await startSesLocal();
  const events = await startEventBridgeStandIn();
  const env = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_ENDPOINT_URL_SES: ses.url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: events.url,
    // This machine runs Node 20; Lambda runs the runtime the stack picks. The notice is noise here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  return {
    simulator,
    ssm,
    ses,
    events,
    env,
    async stop() {
      await Promise.all([simulator.stop(), ssm.stop(), ses.stop(), events.stop()]);
    },
  };
}

/** Sets the variables on this process, returning a function that puts the old values back. */
export function applyEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  set(vars);
  return () => set(saved);
}

/** A config as a local run writes it: no deploy section, and the schema fills in defaults. */
export type ConfigInput = Omit<
  Config,
  'deploy' | 'report' | 'watch' | 'cbs' | 'expect' | 'history' | 'mail' | 'snooze'
> & {
  mail: Omit<Config['mail'], 'audiences'> & { audiences?: Config['mail']['audiences'] };
  snooze?: Partial<Config['snooze']>;
  cbs?: Partial<Config['cbs']>;
  expect?: Partial<Config['expect']>;
  history?: Partial<Config['history']>;
  report?: Partial<Config['report']>;
  watch: Partial<Config['watch']>;
};

/** The `cbs` section of a config pointing at the simulator, with the stand-in's credentials. */
export function simulatorCbs(simulator: RunningSimulator, settings: Partial<Config['cbs']> = {}) {
  return {
    baseUrl: simulator.url,
    // The simulator listens on loopback without TLS.
    allowPlainHttp: true,
    credentialsParameter: CREDENTIALS_PARAMETER,
    timeZone: simulator.timeZone,
    ...settings,
  };
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
