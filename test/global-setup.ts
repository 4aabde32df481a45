import type { TestProject } from 'vitest/node';
import { createTestDatabase } from './test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

// One fresh database for the integration run; each test file starts its own server on it.
export default async function setup(project: TestProject) {
  const t = await createTestDatabase();
  project.provide('databaseUrl', t.url);
  return () => t.dispose();
}
