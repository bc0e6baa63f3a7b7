import { fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allowedCpus, forkOn, parseCpuList, pinnedFork } from '../../dev/bench/cores';

test('a CPU list as Linux writes it: ranges and single CPUs, in order', () => {
  expect(parseCpuList('0-1')).toEqual([0, 1]);
  expect(parseCpuList('0,2-4,7')).toEqual([0, 2, 3, 4, 7]);
  expect(parseCpuList('3')).toEqual([3]);
  expect(parseCpuList('')).toEqual([]);
  expect(parseCpuList('4-2')).toEqual([]);
});

test('before the cores are split, a run is forked as it always was', () => {
  expect(pinnedFork(['--max-old-space-size=231'])).toEqual({ execArgv: ['--max-old-space-size=231'] });
});

test('a run forked onto a core runs there and still talks to its parent over IPC', async () => {
  const cpu = allowedCpus()?.at(-1);
  expect(cpu).toBeDefined();
  const script = join(mkdtempSync(join(tmpdir(), 'cores-')), 'child.js');
  writeFileSync(
    script,
    `const s = require('fs').readFileSync('/proc/self/status', 'utf8');
     process.send({ cpus: /^Cpus_allowed_list:\\s*(\\S+)/m.exec(s)[1], heap: process.execArgv });`,
  );
  const child = fork(script, [], { ...forkOn(cpu as number, ['--max-old-space-size=64']), stdio: 'pipe' });
  const message = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('error', reject);
  });
  await new Promise((resolve) => child.once('exit', resolve));
  expect(message).toEqual({ cpus: String(cpu), heap: ['--max-old-space-size=64'] });
});
