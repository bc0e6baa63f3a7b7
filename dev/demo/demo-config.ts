import type { RunningSimulator } from '../../simulator';
import { type ConfigInput, simulatorCbs } from '../local/local-environment';

/**
 * The demo's config: every user of the simulator's demo scenario watched, one of them set by set,
 * plus a user the server does not know, so every class of row shows up.
 */
export function demoConfig(simulator: RunningSimulator): ConfigInput {
  // gina and frank show history, schedules and suspension; they join once the digest reads those.
  const users = simulator.users().filter((u) => u.loginName !== 'gina' && u.loginName !== 'frank');
  const carol = users.find((u) => u.loginName === 'carol');
  return {
    cbs: simulatorCbs(simulator),
    report: { timeZone: simulator.timeZone, windowHours: 24 },
    mail: { from: 'backup-digest@example.com', to: ['admins@example.com'] },
    watch: {
      users: [
        ...users
          .filter((u) => u.loginName !== 'carol')
          .map((u) => ({ loginName: u.loginName, owner: u.owner })),
        { loginName: 'erin' },
      ],
      backupSets: (carol?.sets ?? []).map((s) => ({
        loginName: 'carol',
        backupSetId: s.id,
        destinationId: s.destinationId,
      })),
    },
  };
}
