import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** Folders this deep and shallower must all be listed; deeper ones (an adapter's folder) may be. */
const LISTED_DEPTH = 2;

/** The folders the README's Layout block names, as paths: nesting is read from the indentation. */
function layoutFolders(readme: string): string[] {
  const section = readme.split(/^## Layout$/m)[1];
  const block = section?.match(/^```\n([\s\S]*?)^```$/m)?.[1];
  if (block === undefined) throw new Error('README.md has no code block under "## Layout"');
  const parents: string[] = [];
  const folders: string[] = [];
  for (const line of block.split('\n')) {
    const entry = line.match(/^( *)(\S+\/)(?:\s|$)/);
    if (!entry) continue;
    const depth = (entry[1] ?? '').length / 2;
    parents.length = depth;
    const path = [...parents, entry[2]].join('');
    folders.push(path);
    parents.push(entry[2] ?? '');
  }
  return folders;
}

/** Every folder that holds a tracked file, up to `maxDepth` levels, as `a/b/`. */
function trackedFolders(maxDepth: number): string[] {
  const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.split('/').slice(0, -1);
    for (let depth = 1; depth <= Math.min(parts.length, maxDepth); depth++) {
      folders.add(`${parts.slice(0, depth).join('/')}/`);
    }
  }
  return [...folders].sort();
}

describe("the README's Layout section", () => {
  const listed = layoutFolders(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  test('names every folder of the tree, and only folders that exist', () => {
    const tracked = trackedFolders(LISTED_DEPTH);
    const deeper = new Set(trackedFolders(Number.POSITIVE_INFINITY));

    expect(listed.filter((folder) => !deeper.has(folder))).toEqual([]);
    expect(tracked.filter((folder) => !listed.includes(folder))).toEqual([]);
  });

  test('names each folder once', () => {
    expect(listed.filter((folder, index) => listed.indexOf(folder) !== index)).toEqual([]);
  });
});

describe('reading a Layout block', () => {
  test('nests by indentation and skips continuation lines', () => {
    const readme = [
      '## Layout',
      '',
      '```',
      'lambda/        the function',
      '  core/          pure, with a description',
      '                 that goes on',
      '  adapters/',
      '    cbs/',
      'docs/',
      '```',
    ].join('\n');

    expect(layoutFolders(readme)).toEqual([
      'lambda/',
      'lambda/core/',
      'lambda/adapters/',
      'lambda/adapters/cbs/',
      'docs/',
    ]);
  });
});
