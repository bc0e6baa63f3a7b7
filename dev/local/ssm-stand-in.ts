import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for SSM Parameter Store that speaks the SSM JSON 1.1 protocol for
 * `GetParameter`, so the real SDK (through `AWS_ENDPOINT_URL_SSM`) and Powertools run unchanged.
 * It records whether decryption was asked for: a SecureString read without it is a bug.
 */
export interface SsmStandIn {
  url: string;
  /** GetParameter requests seen, with their WithDecryption flag. */
  requests: { name: string; withDecryption: boolean }[];
  stop(): Promise<void>;
}

export async function startSsmStandIn(parameters: Record<string, string>): Promise<SsmStandIn> {
  const requests: SsmStandIn['requests'] = [];
  const server: Server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    };
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || target !== 'AmazonSSM.GetParameter') {
      reply(400, { __type: 'UnknownOperationException', message: `unsupported operation ${String(target)}` });
      return;
    }
    let input: { Name?: unknown; WithDecryption?: unknown };
    try {
      input = JSON.parse(await readBody(req)) as typeof input;
    } catch {
      reply(400, { __type: 'SerializationException', message: 'body is not JSON' });
      return;
    }
    const name = typeof input.Name === 'string' ? input.Name : '';
    const withDecryption = input.WithDecryption === true;
    requests.push({ name, withDecryption });
    const value = parameters[name];
    if (value === undefined) {
      reply(400, { __type: 'ParameterNotFound', message: `Parameter ${name} not found.` });
      return;
    }
    reply(200, {
      Parameter: {
        Name: name,
        Type: 'SecureString',
        Value: withDecryption ? value : Buffer.from(`encrypted:${name}`).toString('base64'),
        Version: 1,
        ARN: `arn:aws:ssm:us-east-1:000000000000:parameter${name.startsWith('/') ? '' : '/'}${name}`,
        DataType: 'text',
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
