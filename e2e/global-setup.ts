import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { createTestDatabase } from '../test/test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

// Browser suite: a built web UI and a fresh database; each journey starts its own server on it.
export default async function setup(project: TestProject) {
  if (!fs.existsSync('dist/web/index.html')) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  const t = await createTestDatabase();
  project.provide('databaseUrl', t.url);
  return () => t.dispose();
}
