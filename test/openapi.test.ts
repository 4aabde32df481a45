import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestServer, type TestContext } from './harness';

// Generated from the OpenAPI document, so every route added later is covered without anyone remembering to.
let t: TestContext;
let doc: { paths: Record<string, Record<string, { 'x-permission'?: string; operationId?: string }>> };
beforeAll(async () => {
  t = await startTestServer();
  doc = (await new ApiClient(t.baseUrl).get('/api/openapi.json')).body;
});

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists the integrator routes', () => {
    expect(doc).toMatchObject({ openapi: '3.1.0' });
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/auth/tokens', '/api/v1/me']));
  });

  it('declares a permission on every route', () => {
    const missing = operations().filter(({ op }) => !op['x-permission']).map(({ method, path }) => `${method} ${path}`);
    expect(missing).toEqual([]);
  });

  it('refuses anonymous callers on every route that needs a login, before validating anything', async () => {
    const anon = new ApiClient(t.baseUrl);
    const open = operations().filter(({ op }) => op['x-permission'] !== 'public');
    expect(open.length).toBeGreaterThan(0);
    for (const { path, method } of open) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const r = await anon.request(method.toUpperCase(), url, method === 'get' ? undefined : {});
      expect({ route: `${method} ${path}`, status: r.status, code: r.body?.error?.code }).toEqual({ route: `${method} ${path}`, status: 401, code: 'unauthenticated' });
    }
  });

  it('answers unknown API routes with a translated 404', async () => {
    const r = await t.admin.get('/api/v1/no-such-thing');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    expect(r.body.error.message).toBe('未找到接口');
  });

  it('serves the API docs without a CDN', async () => {
    const r = await new ApiClient(t.baseUrl).get('/api/docs');
    expect(r.status).toBe(200);
    expect(String(r.body)).toContain('/api/docs/swagger-ui-bundle.js');
    expect((await new ApiClient(t.baseUrl).get('/api/docs/swagger-ui-bundle.js')).status).toBe(200);
  });
});
