import { join, resolve } from 'node:path';
import * as ts from 'typescript';

/*
 * Projects of this monorepo import the SDK's sources through the path aliases of
 * tsconfig.base.json (ts-jest then type-checks them with the importing project's settings):
 * the sources must compile with those settings too, not only with the SDK's own (older `lib`,
 * `moduleResolution: node10`, `importHelpers`, no `strict`).
 */

const ROOT = resolve(__dirname, '../../..');

it('the SDK compiles with the workspace\'s base compiler options', () => {
  const configPath = join(ROOT, 'tsconfig.base.json');
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, ROOT);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, types: ['node'] };
  const program = ts.createProgram([join(__dirname, 'index.ts'), join(__dirname, 'server.ts')], options);
  const messages = ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? `${d.file.fileName.replace(`${ROOT}/`, '')}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  expect(messages).toEqual([]);
});
