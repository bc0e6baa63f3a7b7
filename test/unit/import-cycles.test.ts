import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import madge from 'madge';

// A cycle makes the load order decide what a module sees (an import still undefined at start-up)
// and ties files together that should be read one at a time. Type-only imports count too: they
// tie the files together just the same.
const ROOT = join(__dirname, '..', '..');
const FOLDERS = ['lambda', 'infra', 'simulator', 'dev', 'test'];

async function importGraph(baseDir: string, paths: string[]) {
  return madge(paths, {
    baseDir,
    fileExtensions: ['ts'],
    detectiveOptions: { ts: { skipTypeImports: false } },
  });
}

test('no source folder has an import cycle', async () => {
  const graph = await importGraph(
    ROOT,
    FOLDERS.map((folder) => join(ROOT, folder)),
  );

  // Every import resolved, and the walk saw the files: otherwise "no cycle" would mean nothing.
  expect(graph.warnings().skipped).toEqual([]);
  expect(graph.obj()['simulator/http-server.ts']).toContain('simulator/endpoints.ts');
  expect(graph.circular()).toEqual([]);
});

test('the check finds a cycle made of type-only imports', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'import-cycles-'));
  try {
    await writeFile(join(dir, 'a.ts'), "import type { B } from './b';\nexport type A = { b?: B };\n");
    await writeFile(join(dir, 'b.ts'), "import type { A } from './a';\nexport type B = { a?: A };\n");

    const graph = await importGraph(dir, [dir]);

    expect(graph.circular()).toEqual([['a.ts', 'b.ts']]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
