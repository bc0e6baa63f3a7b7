import { jobReportSummary, jobStatusRecord } from './cbs-records';
import { CbsRequestError, DBS_EXCEPTION } from './cbs-request-error';
import { ENDPOINT_NAMES, type EndpointName } from './endpoint-names';
import { findJob, type JobClock, jobsOnDate, parseCbsDate } from './job-generator';
import type { Scenario } from './scenario';
import type { SetPlan, UserPlan } from './user-plan';

/** A parsed JSON request body. */
export type RequestBody = Readonly<Record<string, unknown>>;
type JsonRecord = Record<string, unknown>;

/** What an endpoint answers from: the users and the clock of this request. */
export interface EndpointContext {
  readonly scenario: Scenario;
  readonly clock: JobClock;
}

/** Answers one call; a throw of CbsRequestError answers Error. */
export type Endpoint = (body: RequestBody, context: EndpointContext) => JsonRecord;

const BY_NAME: Record<EndpointName, Endpoint> = {
  ListBackupJobStatus: listBackupJobStatus,
  GetBackupJobReportSummary: getBackupJobReportSummary,
  ListBackupSets: listBackupSets,
  '2/ListUsers': listUsers,
  '2/GetBackupSet': getBackupSet,
};

/** The endpoints by path below `/obs/api/json/`, without `.do`; a throw of CbsRequestError answers Error. */
export const ENDPOINTS: ReadonlyMap<string, Endpoint> = new Map<string, Endpoint>(
  ENDPOINT_NAMES.map((name) => [name, BY_NAME[name]]),
);

function listBackupJobStatus(body: RequestBody, { scenario, clock }: EndpointContext): JsonRecord {
  const user = requireUser(body, scenario);
  const backupDate = param(body, 'BackupDate');
  const day = parseCbsDate(backupDate, clock.zone);
  if (day === undefined)
    throw new CbsRequestError(`Unparseable date: "${backupDate}"`, 'java.text.ParseException');
  const data = user.sets.flatMap((set) =>
    jobsOnDate(clock, user, set, day).map((job) => jobStatusRecord(user, set, job)),
  );
  return data.length > 0 ? { Status: 'OK', Data: data } : quietDate(backupDate);
}

/**
 * A date without jobs, answered as real servers do: Status OK with `Data` missing, null or ""
 * and a Message (shared/reference/ahsay-cbs-api.md). Which of the three depends on the date, so
 * a week of dates shows all of them.
 */
function quietDate(backupDate: string): JsonRecord {
  const message = `No backup job exists on ${backupDate}`;
  switch (Number(backupDate.slice(-2)) % 3) {
    case 0:
      return { Status: 'OK', Message: message };
    case 1:
      return { Status: 'OK', Data: null, Message: message };
    default:
      return { Status: 'OK', Data: '', Message: message };
  }
}

function getBackupJobReportSummary(body: RequestBody, { scenario, clock }: EndpointContext): JsonRecord {
  const user = requireUser(body, scenario);
  const set = requireSet(user, param(body, 'BackupSetID'));
  // Omitting DestinationID is allowed (jobs of v6 clients); a wrong one finds nothing.
  const destinationId = param(body, 'DestinationID');
  if (destinationId !== '' && destinationId !== set.destinationId) {
    throw new CbsRequestError(
      `Destination "${destinationId}" not found in backup set "${set.id}"`,
      DBS_EXCEPTION,
    );
  }
  const jobId = param(body, 'BackupJobID');
  const job = findJob(clock, user, set, jobId);
  if (job === undefined) throw new CbsRequestError(`Backup job "${jobId}" not found`, DBS_EXCEPTION);
  return { Status: 'OK', Data: jobReportSummary(set, job) };
}

function listBackupSets(body: RequestBody, { scenario }: EndpointContext): JsonRecord {
  const user = requireUser(body, scenario);
  return { Status: 'OK', Data: user.sets.map((set) => ({ ID: set.id, Name: set.name, Type: set.type })) };
}

function listUsers(body: RequestBody, { scenario }: EndpointContext): JsonRecord {
  const owner = param(body, 'Owner');
  const users = scenario.allUsers().filter((user) => owner === '' || user.owner === owner);
  // This endpoint puts its array under `User`, not `Data`.
  return {
    Status: 'OK',
    User: users.map((user) => ({
      LoginName: user.loginName,
      Owner: user.owner,
      UserId: user.userId,
      Status: user.status ?? 'ENABLE',
    })),
  };
}

function getBackupSet(body: RequestBody, { scenario }: EndpointContext): JsonRecord {
  const user = requireUser(body, scenario);
  const set = requireSet(user, param(body, 'BackupSetID'));
  return {
    Status: 'OK',
    Data: {
      ID: set.id,
      Name: set.name,
      Type: set.type,
      Owner: user.loginName,
      ScheduleSettings: scheduleSettings(set),
      DestinationSettings: {
        DestinationList: [
          {
            '@class': 'com.ahsay.obx.cxp.cloud.AbstractDestination',
            Id: set.destinationId,
            Name: set.destinationName,
            DestinationKey: String(-Number(set.destinationId.slice(-9))),
          },
        ],
      },
    },
  };
}

const WEEK = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * The set's schedules, in the fields of Ahsay's AddSchedule / UpdateSchedule pages: `Type`
 * DAILY/WEEKLY, `BackupInterval` -1 for a normal schedule or minutes for a periodic one, and a
 * `Time` bean with the start and `Duration`.
 */
function scheduleSettings(set: SetPlan): JsonRecord {
  const schedule = set.schedule ?? 'daily';
  if (schedule === 'none') return { Enable: false, ScheduleList: [] };
  const first = set.startSeconds[0] ?? set.scheduledSecond ?? 21 * 3600;
  // Several starts a day are a periodic schedule, unless they are a job and its retries.
  const periodic =
    set.startSeconds.length > 1 && set.outcomes === undefined
      ? Math.round(1440 / set.startSeconds.length)
      : -1;
  const days = schedule === 'weekdays' ? WEEK.slice(0, 5) : schedule === 'weekly' ? ['Sunday'] : undefined;
  return {
    Enable: true,
    ScheduleList: [
      {
        ID: String(Number(set.id) + 17),
        Name: schedule === 'daily' ? 'Daily-1' : 'Weekly-1',
        Type: schedule === 'daily' ? 'DAILY' : 'WEEKLY',
        BackupInterval: periodic,
        Time: {
          Hour: Math.floor(first / 3600),
          Minute: Math.floor(first / 60) % 60,
          Duration: -1,
          ...(days ? { Days: days } : {}),
        },
        FullBackup: true,
        SpaceFreeUpEnabled: false,
        SkipBackupEnabled: false,
        BackupType: '',
      },
    ],
  };
}

/** The user named by LoginName; a non-empty Owner must be the user's owner, as sub-admins see only theirs. */
function requireUser(body: RequestBody, scenario: Scenario): UserPlan {
  const loginName = param(body, 'LoginName');
  const owner = param(body, 'Owner');
  const user = scenario.findUser(loginName);
  if (user === undefined || (owner !== '' && owner !== user.owner)) {
    throw new CbsRequestError(`User "${loginName}" not found`, DBS_EXCEPTION);
  }
  return user;
}

function requireSet(user: UserPlan, setId: string): SetPlan {
  const set = user.sets.find((candidate) => candidate.id === setId);
  if (set === undefined) throw new CbsRequestError(`Backup set "${setId}" not found`, DBS_EXCEPTION);
  return set;
}

/** A parameter as CBS reads it: strings as they are, numbers and booleans as text, the rest as absent. */
export function param(body: RequestBody, key: string): string {
  const value = body[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}
