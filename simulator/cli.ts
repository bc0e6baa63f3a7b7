// Starts a simulator for demos and manual tests:
//   npx tsx simulator/cli.ts --port 8123 --scenario demo
//   npx tsx simulator/cli.ts --port 8123 --fault summary:503:first=2
import { parseArgs } from 'node:util';
import { FAULT_FLAG_USAGE, parseFaultFlag } from './fault-flag';
import { type SimulatorOptions, startSimulator } from './index';

const USAGE = `Usage: npx tsx simulator/cli.ts [--host 127.0.0.1] [--port 0] [--scenario demo|scale]
  [--users 10] [--sets-per-user 3] [--jobs-per-day 1] [--seed 1] [--latency-ms 0]
  [--time-zone Europe/Berlin] [--sys-user system] [--sys-pwd sim-password] [--fault ...]
  ${FAULT_FLAG_USAGE}`;

function optionsFromArgs(args: string[]): SimulatorOptions {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      scenario: { type: 'string' },
      users: { type: 'string' },
      'sets-per-user': { type: 'string' },
      'jobs-per-day': { type: 'string' },
      seed: { type: 'string' },
      'latency-ms': { type: 'string' },
      'time-zone': { type: 'string' },
      'sys-user': { type: 'string' },
      'sys-pwd': { type: 'string' },
      fault: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));
  const scenario = values.scenario;
  if (scenario !== undefined && scenario !== 'demo' && scenario !== 'scale') {
    throw new Error(`--scenario must be demo or scale, got "${scenario}"`);
  }
  return given({
    host: values.host,
    port: number(values.port),
    scenario,
    users: number(values.users),
    setsPerUser: number(values['sets-per-user']),
    jobsPerDay: number(values['jobs-per-day']),
    seed: number(values.seed),
    latencyMs: number(values['latency-ms']),
    timeZone: values['time-zone'],
    sysUser: values['sys-user'],
    sysPwd: values['sys-pwd'],
    faults: values.fault?.map(parseFaultFlag),
  });
}

/** The flags that were given: one left out stays out, so the simulator's own default applies. */
function given<T extends object>(options: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

async function main(): Promise<void> {
  const options = optionsFromArgs(process.argv.slice(2));
  const simulator = await startSimulator(options);
  const users = simulator.users();
  console.log(`AhsayCBS simulator listening on ${simulator.url}`);
  console.log(`  endpoints  ${simulator.url}/obs/api/json/<Name>.do`);
  console.log(`  SysUser    ${simulator.sysUser}`);
  console.log(`  SysPwd     ${simulator.sysPwd}`);
  console.log(`  time zone  ${simulator.timeZone}`);
  for (const fault of options.faults ?? []) console.log(`  fault      ${JSON.stringify(fault)}`);
  console.log(
    `  users      ${users.length} (${users
      .slice(0, 4)
      .map((user) => user.loginName)
      .join(', ')}…)`,
  );
  const stop = () => {
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(1);
});
