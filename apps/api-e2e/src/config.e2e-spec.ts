import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, cleanup, MAIN, startServer, tempDir } from './support/server';

const run = (dataDir: string, env: Record<string, string>) =>
  spawnSync(process.execPath, [MAIN], { cwd: dataDir, env: baseEnv(dataDir, env), encoding: 'utf8', timeout: 30_000 });

describe('configuration checked at boot', () => {
  const dataDir = tempDir();
  afterAll(() => cleanup(dataDir));

  it('stops with exit code 78 and names each bad variable', () => {
    const res = run(dataDir, { PORT: 'eighty', TRUST_PROXY: 'maybe' });
    expect(res.status).toBe(78);
    expect(res.stderr).toContain('Invalid configuration:');
    expect(res.stderr).toMatch(/PORT: /);
    expect(res.stderr).toMatch(/TRUST_PROXY: /);
    expect(res.stdout).toBe('');
  });

  it('refuses to run production without a key of its own', async () => {
    const missing = run(dataDir, { NODE_ENV: 'production' });
    expect(missing.status).toBe(78);
    expect(missing.stderr).toContain('APP_KEY: is required in production');

    // The development key generated on a first start is refused in production too.
    const dev = await startServer({ dataDir, env: { SEED_DEMO: 'false' } });
    await dev.stop();
    const devKey = readFileSync(join(dataDir, 'app-key.development'), 'utf8').trim();
    const reused = run(dataDir, { NODE_ENV: 'production', APP_KEY: devKey });
    expect(reused.status).toBe(78);
    expect(reused.stderr).toContain('APP_KEY: is a development key; production needs a key of its own');
  });
});
