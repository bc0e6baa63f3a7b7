import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
// s3rver signs requests for one built-in account whose key is S3RVER; the local environment's
// SDK signs with its own key, which this registers with that account (no types for this module).
// @ts-expect-error s3rver ships no declaration for its account model
import { DUMMY_ACCOUNT } from 's3rver/lib/models/account';

export interface S3Local {
  url: string;
  bucket: string;
  stop(): Promise<void>;
}

/**
 * s3rver (an S3 implementation on npm) on a loopback port, storing objects in a temporary folder
 * that `stop` removes, with the run-data bucket already made. The SDK reaches it through
 * AWS_ENDPOINT_URL_S3; the fan-out adapter then addresses buckets by path, as s3rver expects.
 */
export async function startS3Local(
  credentials: { accessKeyId: string; secretAccessKey: string },
  bucket = 'backup-digest-runs',
): Promise<S3Local> {
  (DUMMY_ACCOUNT as { createKeyPair(id: string, secret: string): void }).createKeyPair(
    credentials.accessKeyId,
    credentials.secretAccessKey,
  );
  const directory = await mkdtemp(join(tmpdir(), 'backup-digest-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address = (await server.run()) as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    bucket,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
