import { demoUsers } from './demo-scenario';
import { scaleUser, scaleUsers } from './scale-scenario';
import type { ResolvedOptions } from './simulator-options';
import type { UserPlan } from './user-plan';

/** The users a simulator serves. */
export interface Scenario {
  findUser(loginName: string): UserPlan | undefined;
  allUsers(): UserPlan[];
}

/** The scenario the options name. */
export function createScenario(options: ResolvedOptions): Scenario {
  if (options.scenario === 'scale') {
    const shape = {
      seed: options.seed,
      users: options.users,
      setsPerUser: options.setsPerUser,
      jobsPerDay: options.jobsPerDay,
    };
    return { findUser: (loginName) => scaleUser(shape, loginName), allUsers: () => scaleUsers(shape) };
  }
  const users = demoUsers(options.seed);
  const byName = new Map(users.map((user) => [user.loginName, user]));
  return { findUser: (loginName) => byName.get(loginName), allUsers: () => [...users] };
}
