import { cleanup, RunningServer, startServer, tempDir } from './support/server';

interface Schema {
  $ref?: string;
  type?: string;
  description?: string;
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
}
interface Operation {
  summary?: string;
  tags?: string[];
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema?: Schema; example?: unknown }> }>;
}

/** The document integrators read, as the production build generates it from the code. */
describe('OpenAPI document', () => {
  const dataDir = tempDir();
  let server: RunningServer;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  beforeAll(async () => {
    server = await startServer({ dataDir, env: { SEED_DEMO: 'false' } });
    doc = (await (await fetch(`${server.url}/api/docs-json`)).json()) as typeof doc;
  });
  afterAll(async () => {
    await server.stop();
    cleanup(dataDir);
  });

  it('documents every operation with a summary, a tag and typed answers', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect([where, typeof op.summary]).toEqual([where, 'string']);
        expect([where, op.tags?.length]).toEqual([where, 1]);
        for (const [status, answer] of Object.entries(op.responses)) {
          if (status === '204') continue;
          if (status.startsWith('3')) {
            // A redirect has no body: it documents where it goes.
            expect([where, status, Boolean(answer.headers?.['Location'])]).toEqual([where, status, true]);
            continue;
          }
          const json = answer.content?.['application/json'];
          expect([where, status, Boolean(json?.schema)]).toEqual([where, status, true]);
          if (Number(status) >= 400) expect([where, status, json?.example !== undefined]).toEqual([where, status, true]);
        }
      }
    }
  });

  it('describes every field with an example', () => {
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const [prop, p] of Object.entries(schema.properties ?? {})) {
        expect([name, prop, typeof p.description]).toEqual([name, prop, 'string']);
        const isRef = p.$ref !== undefined || p.allOf !== undefined || p.items?.$ref !== undefined;
        if (!isRef) expect([name, prop, p.example !== undefined]).toEqual([name, prop, true]);
      }
    }
  });

  it('serves Swagger UI with all its assets under the security headers', async () => {
    const html = await (await fetch(`${server.url}/api/docs`)).text();
    const assets = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      const res = await fetch(`${server.url}/api/docs/${asset.replace(/^api\/docs\//, '')}`);
      expect([asset, res.status]).toEqual([asset, 200]);
    }
  });
});
