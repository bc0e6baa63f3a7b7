import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyEnv,
  CREDENTIALS_PARAMETER,
  type LocalEnvironment,
  startLocalEnvironment,
  writeJson,
} from '../../dev/local/local-environment';
import { json, startScriptedServer } from '../support/scripted-http-server';
import { handlerFor } from '../support/use-config';

// Every string CBS sends is somebody's typing: it is shown, never obeyed, in HTML, text and headers.
const MARKUP = '<img src=x onerror=alert(1)><script>alert("x")</script>';
const HEADER_INJECTION = 'Laptop\r\nBcc: evil@example.com\r\nSubject: hacked';
const CONTROLS = 'Back\u0000up\u0007 \u202Eslaer\u001b[31m';
const LONG = `Very long ${'x'.repeat(20_000)} end`;

let local: LocalEnvironment;
let restoreEnv: () => void;

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'demo' });
  restoreEnv = applyEnv({ ...local.env, POWERTOOLS_LOG_LEVEL: 'SILENT' });
});

afterAll(async () => {
  restoreEnv();
  await local.stop();
});

test('markup, control characters, CR/LF and very long names go through the whole pipeline harmlessly', async () => {
  const names = [MARKUP, HEADER_INJECTION, CONTROLS, LONG];
  const cbs = await startScriptedServer((req, res) => {
    const endpoint = req.path.split('/').pop();
    if (req.body.SysPwd !== local.simulator.sysPwd) return json(res, { Status: 'Error', Message: 'wrong' });
    if (req.body.LoginName === 'mallory') {
      return json(res, { Status: 'Error', Message: `${MARKUP}\r\nSubject: hacked`, ExptType: '<b>x</b>' });
    }
    if (endpoint === 'ListBackupSets.do') {
      return json(res, {
        Status: 'OK',
        Data: names.map((Name, i) => ({ ID: String(100 + i), Name, Type: 'FILE' })),
      });
    }
    if (endpoint === 'ListBackupJobStatus.do') {
      if (req.body.BackupDate !== '2026-11-28') return json(res, { Status: 'OK', Data: [] });
      return json(res, {
        Status: 'OK',
        Data: names.map((BackupSetName, i) => ({
          ID: `2026-11-28-22-0${i}-00`,
          BackupSetID: String(100 + i),
          BackupSetName,
          DestinationID: `<dest ${i}>`,
          BackupJobStatus: i === 0 ? 'BS_<b>NEW</b>' : 'BS_STOP_SUCCESS',
          StartTime: `2026-11-28 22:0${i}:00`,
          EndTime: `2026-11-28 23:0${i}:00`,
        })),
      });
    }
    const i = Number(req.body.BackupSetID) - 100;
    return json(res, {
      Status: 'OK',
      Data: {
        ID: req.body.BackupJobID,
        BackupJobStatus: i === 0 ? 'BS_<b>NEW</b>' : 'BS_STOP_SUCCESS',
        StartTime: `2026-11-28 22:0${i}:00`,
        EndTime: `2026-11-28 23:0${i}:00`,
        NumOfNewFiles: '<1>',
        TotalNewFilesSize: '1e400',
      },
    });
  });
  const dir = await mkdtemp(join(tmpdir(), 'backup-digest-hostile-'));
  const configPath = join(dir, 'config.json');
  await writeJson(configPath, {
    cbs: {
      baseUrl: cbs.url,
      allowPlainHttp: true,
      credentialsParameter: CREDENTIALS_PARAMETER,
      timeZone: 'UTC',
    },
    report: { timeZone: 'UTC', windowHours: 24 },
    mail: { from: 'digest@example.com', to: ['ops@example.com'] },
    watch: { users: [{ loginName: 'victim' }, { loginName: 'mallory' }] },
  });
  const handler = handlerFor(configPath);

  try {
    const result = await handler({ scheduledTime: '2026-11-29T06:00:00Z' });

    const [stored] = await local.ses.emails();
    if (!stored) throw new Error('no email');
    const html = stored.body.html ?? '';
    const text = stored.body.text ?? '';

    // Headers, as the SES stand-in parsed our raw message: one subject, no injected recipient.
    expect(stored.subject).toMatch(/^Backups 2026-11-28: [a-z0-9, ]+$/);
    expect(stored.destination).toEqual({ to: ['ops@example.com'], cc: [], bcc: [] });
    // HTML: markup from CBS is shown escaped, never as tags.
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('BS_<b>');
    expect(html).toContain('BS_&lt;b&gt;NEW&lt;/b&gt;');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;&lt;script&gt;');
    // Text: a name with CR/LF stays on its line; no line starts with an injected header.
    expect(text).not.toMatch(/^(Bcc|Subject):/m);
    expect(text).toMatch(/Laptop Bcc: evil@example\.com Subject: hacked/);
    for (const control of ['\u0000', '\u0007', '\u001b']) expect(text).not.toContain(control);
    // Nothing lost: every job of the victim and the refusal for mallory are rows.
    expect(result.rows).toBe(5);
    expect(result.counts).toMatchObject({ unknown: 1, ok: 3, error: 1 });
    // A 20,000-character name is cut at the edge, saying so: no field from CBS is unbounded.
    expect(text).not.toContain(' end');
    expect(text).toMatch(/x… \(18\d{3} more\s+characters\)/);
  } finally {
    await cbs.stop();
  }
});
