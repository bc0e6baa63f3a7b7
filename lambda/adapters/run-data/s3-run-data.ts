import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** Where a fan-out run keeps what passes between its steps: JSON documents under one prefix per run. */
export interface RunData {
  put(key: string, value: unknown): Promise<void>;
  get(key: string): Promise<unknown>;
  /** Every key under the prefix, in S3's (lexicographic) order. */
  list(prefix: string): Promise<string[]>;
}

/** A run-data object could not be written, read or listed; names the key, never the content. */
export class RunDataError extends Error {
  override readonly name = 'RunDataError';
}

/**
 * The run bucket through the S3 API. `AWS_ENDPOINT_URL_S3` points the client at a stand-in
 * (s3rver, dev/local/s3-local.ts); a stand-in on an address rather than a host name is reached
 * with the bucket in the path, as such servers expect, while AWS keeps virtual-host addressing.
 */
export class S3RunData implements RunData {
  constructor(
    private readonly bucket: string,
    private readonly client: S3Client = new S3Client({
      forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined,
    }),
  ) {}

  async put(key: string, value: unknown): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: JSON.stringify(value),
          ContentType: 'application/json',
        }),
      );
    } catch (cause) {
      throw new RunDataError(`could not write s3://${this.bucket}/${key}: ${(cause as Error).message}`, {
        cause,
      });
    }
  }

  async get(key: string): Promise<unknown> {
    let text: string;
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      text = (await answer.Body?.transformToString('utf8')) ?? '';
    } catch (cause) {
      throw new RunDataError(`could not read s3://${this.bucket}/${key}: ${(cause as Error).message}`, {
        cause,
      });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new RunDataError(`s3://${this.bucket}/${key} is not JSON: ${(cause as Error).message}`, {
        cause,
      });
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (cause) {
      throw new RunDataError(`could not list s3://${this.bucket}/${prefix}: ${(cause as Error).message}`, {
        cause,
      });
    }
    return keys;
  }
}
