import type { CountingServer } from './counting-server';
import { CredentialsError, LoginRefusedError, ServerUnreachableError } from './errors';

/**
 * What one batch of a fan-out run learnt of the backup server besides its rows, as plain data:
 * whether it refused the system user, or never once answered.
 */
export interface ServerHealth {
  /** The credentials could not be read, so the server was never asked. */
  credentials?: string;
  loginRefused?: { message: string; serverMessage: string };
  unreachable?: string;
}

export function healthOf(server: CountingServer): ServerHealth {
  const health: ServerHealth = {};
  if (server.authFailure) {
    const { message, serverMessage } = server.authFailure;
    health.loginRefused = { message, serverMessage };
  }
  // Stryker disable next-line OptionalChaining,StringLiteral: unreachable means every failed call got no answer, so one is on record
  if (server.unreachable) health.unreachable = server.firstTransportFailure?.message ?? 'no call succeeded';
  return health;
}

/**
 * The verdict a single run reaches on its one server (run-digest.ts), over every batch: credentials
 * that could not be read or a login refused anywhere, or a server no batch ever got an answer
 * from, leaves no digest worth sending.
 */
export function fatalAcross(
  healths: readonly ServerHealth[],
): CredentialsError | LoginRefusedError | ServerUnreachableError | undefined {
  const credentials = healths.find((health) => health.credentials !== undefined)?.credentials;
  if (credentials !== undefined) return new CredentialsError(credentials);
  const refused = healths.find((health) => health.loginRefused)?.loginRefused;
  if (refused) return new LoginRefusedError(refused.message, refused.serverMessage);
  const first = healths[0]?.unreachable;
  if (first !== undefined && healths.every((health) => health.unreachable !== undefined))
    return new ServerUnreachableError(first);
  return undefined;
}
