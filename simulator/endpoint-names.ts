/**
 * The endpoints the simulator answers, by path below `/obs/api/json/` without `.do`. A list of its
 * own so that validating a fault's `endpoint` needs only the names, not the endpoints' code.
 */
export const ENDPOINT_NAMES = [
  'ListBackupJobStatus',
  'GetBackupJobReportSummary',
  'ListBackupSets',
  '2/ListUsers',
  '2/GetBackupSet',
] as const;

export type EndpointName = (typeof ENDPOINT_NAMES)[number];

export function isEndpointName(name: string): name is EndpointName {
  return (ENDPOINT_NAMES as readonly string[]).includes(name);
}
