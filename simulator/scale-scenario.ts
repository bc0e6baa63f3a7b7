import { dailyEveningStart, spreadStarts } from './daily-start';
import { between, intBetween, logBetween, randomFor } from './prng';
import type { SetContent, SetPlan, UserPlan } from './user-plan';

const MB = 1024 * 1024;
const GB = 1024 * MB;
// Ids are creation times in ms, as on a real CBS; each set owns a block so ids never collide.
const FIRST_ID = 1_650_000_000_000;
const ID_BLOCK = 4000;
const RUN_VERSIONS = ['10.1.4.0', '10.1.2.0', '9.9.6.0', '9.7.4.0', '8.5.2.0'];
const RESELLERS = 5;

export interface ScaleShape {
  readonly seed: number;
  readonly users: number;
  readonly setsPerUser: number;
  readonly jobsPerDay: number;
}

/** `user-00001` for 1: the login name of the n-th generated user. */
export function scaleLoginName(index: number): string {
  return `user-${String(index).padStart(5, '0')}`;
}

/** The generated user behind a login name, built on demand so 100k users cost nothing until asked. */
export function scaleUser(shape: ScaleShape, loginName: string): UserPlan | undefined {
  const match = /^user-(\d{5,})$/.exec(loginName);
  const index = match?.[1] === undefined ? 0 : Number(match[1]);
  if (index < 1 || index > shape.users || scaleLoginName(index) !== loginName) return undefined;
  return buildUser(shape, index);
}

/** Every generated user, in order. */
export function scaleUsers(shape: ScaleShape): UserPlan[] {
  return Array.from({ length: shape.users }, (_, i) => buildUser(shape, i + 1));
}

function buildUser(shape: ScaleShape, index: number): UserPlan {
  const loginName = scaleLoginName(index);
  const random = randomFor(shape.seed, 'user', loginName);
  const versionIndex = intBetween(random, 0, RUN_VERSIONS.length - 1);
  return {
    loginName,
    // Every 10th user belongs to a sub-admin, spread over a handful of resellers.
    owner: index % 10 === 0 ? `reseller-${1 + ((index / 10 - 1) % RESELLERS)}` : '',
    userId: String(FIRST_ID - 10_000_000 + index * 997),
    runVersion: RUN_VERSIONS[versionIndex] ?? '10.1.4.0',
    sets: Array.from({ length: shape.setsPerUser }, (_, setIndex) =>
      buildSet(shape, index, setIndex, loginName),
    ),
  };
}

function buildSet(shape: ScaleShape, userIndex: number, setIndex: number, loginName: string): SetPlan {
  const random = randomFor(shape.seed, 'set', loginName, setIndex);
  const block = FIRST_ID + ((userIndex - 1) * shape.setsPerUser + setIndex) * ID_BLOCK;
  const id = String(block + intBetween(random, 0, 999));
  const destinationId = String(Number(id) + 1000 + intBetween(random, 0, 999));
  const kind = random();
  const content: SetContent = kind < 0.7 ? 'files' : kind < 0.9 ? 'database' : 'vm';
  const type =
    content === 'files' ? 'FILE' : content === 'vm' ? 'VMWARE' : kind < 0.82 ? 'MSSQL' : 'MSEXCHANGE';
  const neverRuns = random() < 0.02;
  const interval = 86_400 / shape.jobsPerDay;
  const longest = Math.max(60, Math.min(45 * 60, Math.floor(interval * 0.6)));
  return {
    id,
    name: `Set ${setIndex + 1}`,
    type,
    destinationId,
    destinationName: random() < 0.8 ? 'AhsayCBS' : 'Wasabi eu-central-2',
    content,
    startSeconds: neverRuns
      ? []
      : shape.jobsPerDay === 1
        ? [dailyEveningStart(shape.seed, loginName, id)]
        : spreadStarts(shape.jobsPerDay, shape.seed, loginName, id),
    durationSeconds: { min: Math.max(20, Math.floor(longest / 8)), max: longest },
    outcome: 'mixed',
    typicalChangeBytes: Math.max(
      MB,
      Math.round(logBetween(random, 20 * MB, content === 'vm' ? 40 * GB : 8 * GB) / shape.jobsPerDay),
    ),
    dedupeEnabled: random() < 0.85,
    items: content === 'files' ? 0 : Math.round(between(random, 1, 12)),
    quirky: false,
    showsRunning: true,
    runningNow: false,
  };
}
