// First: zod gains .openapi() before any shared contract is built, as the server's routes expect.
import '@hono/zod-openapi';
import crypto from 'node:crypto';
import type { Command } from 'commander';
import type { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { UserCreateInput, UserListQuery } from '../shared/platform';
import { ROLES, type Role } from '../shared/roles';
import { ensureAdmin, rootOrgUnit } from '../server/bootstrap';
import { loadConfig } from '../server/config';
import type { Db } from '../server/db/client';
import { orgUnits } from '../server/db/schema';
import { systemActor } from '../server/platform/actor';
import { AppError } from '../server/platform/errors';
import { negotiateLocale, translator } from '../server/platform/i18n';
import { createUser, listUsers } from '../server/modules/platform/users.service';
import { openDatabase } from './open-database';

// `manyi user create|list`: the same use cases as the API, run as the system actor over the whole tree.

const collect = (value: string, previous: string[]) => [...previous, value];
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The system actor over the tree's root; a database nobody has started yet gets its root and admin first. */
async function rootActor(db: Db) {
  let root = await rootOrgUnit(db);
  if (!root) {
    const r = await ensureAdmin(db, loadConfig().adminPassword);
    if (r.generated) console.error(`created user admin with password ${r.password} (change it at first login)`);
    root = await rootOrgUnit(db);
  }
  return { actor: systemActor(root.path), root };
}

/** An org unit by id or by code (case-insensitive). */
async function findOrgUnit(db: Db, codeOrId: string) {
  const [u] = UUID_RE.test(codeOrId)
    ? await db.select().from(orgUnits).where(eq(orgUnits.id, codeOrId))
    : await db.select().from(orgUnits).where(sql`lower(${orgUnits.code}) = lower(${codeOrId})`);
  if (!u) throw new Error(`no org unit with code or id "${codeOrId}"`);
  return u;
}

/** Errors in the shell's language (LANG), as the API would say them. */
function explain(err: unknown): Error {
  if (!(err instanceof AppError)) return err instanceof Error ? err : new Error(String(err));
  const t = translator(negotiateLocale((process.env.LC_ALL || process.env.LANG || '').replace('_', '-').split('.')[0]));
  const params: Record<string, string | number> = { ...err.params };
  if (typeof params.field === 'string') params.field = t(`reasons.field_${params.field}`, { defaultValue: params.field });
  if (typeof params.entity === 'string') params.entity = t(`entity.${params.entity}`, { defaultValue: params.entity });
  if (typeof params.reason === 'string') params.reason = t(`reasons.${params.reason}`, { defaultValue: params.reason });
  const details = Array.isArray(err.details) ? err.details.map((d: { path?: string; message?: string }) => `\n  ${d.path}: ${d.message}`).join('') : '';
  return new Error(`${t(`errors.${err.code}`, params)}${details}`);
}

/** Parse with a zod schema, turning its issues into one readable error. */
function parseOrExplain<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`invalid input:${r.error.issues.map((i) => `\n  ${i.path.map(String).join('.')}: ${i.message}`).join('')}`);
  return r.data;
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('users and their roles');

  user
    .command('create')
    .argument('<username>')
    .requiredOption('--name <name>', 'full name, e.g. 张伟')
    .option('--password <password>', 'initial password (at least 8 characters); generated and printed when omitted')
    .option('--role <role>', `a role to grant over the unit (repeatable): ${ROLES.join(', ')}`, collect, [] as string[])
    .option('--org <codeOrId>', 'org unit code or id (default: the root of the tree)')
    .option('--locale <locale>', 'UI language: zh-CN, zh-TW or en', 'zh-CN')
    .description('create a user and print {"id", "username"} as JSON')
    .action(async (username: string, opts: { name: string; password?: string; role: string[]; org?: string; locale: string }) => {
      const database = await openDatabase(loadConfig());
      try {
        const { db } = database;
        const { actor, root } = await rootActor(db);
        const unit = opts.org ? await findOrgUnit(db, opts.org) : root;
        const password = opts.password ?? crypto.randomBytes(12).toString('base64url');
        const input = parseOrExplain(UserCreateInput, {
          username, name: opts.name, password, roles: opts.role.length ? opts.role : ['agent'], orgUnitId: unit.id, locale: opts.locale,
        });
        const u = await createUser(db, actor, input).catch((e: unknown) => { throw explain(e); });
        console.log(JSON.stringify({ id: u.id, username: u.username, ...(opts.password ? {} : { password }) }));
      } finally {
        await database.close();
      }
    });

  user
    .command('list')
    .option('-q, --query <text>', 'match username or name')
    .option('--org <codeOrId>', 'only this org unit and those below it')
    .option('--role <role>', 'only users holding this role')
    .option('--limit <n>', 'at most this many (1–200)', '50')
    .option('--json', 'one JSON object per line')
    .description('list users, newest first')
    .action(async (opts: { query?: string; org?: string; role?: string; limit: string; json?: boolean }) => {
      const database = await openDatabase(loadConfig());
      try {
        const { db } = database;
        const { actor } = await rootActor(db);
        const orgUnitId = opts.org ? (await findOrgUnit(db, opts.org)).id : undefined;
        const query = parseOrExplain(UserListQuery, { q: opts.query, orgUnitId, role: opts.role as Role | undefined, limit: opts.limit });
        const page = await listUsers(db, actor, query).catch((e: unknown) => { throw explain(e); });
        if (opts.json) {
          for (const u of page.items) console.log(JSON.stringify(u));
          return;
        }
        const rows = page.items.map((u) => [u.username, u.name, u.orgUnitName ?? u.orgUnitId, u.roles.join(','), u.active ? 'active' : 'inactive', u.id]);
        const header = ['USERNAME', 'NAME', 'ORG UNIT', 'ROLES', 'STATUS', 'ID'];
        const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
        const cols = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
        for (const r of [header, ...rows]) console.log(r.map((cell, i) => cell + ' '.repeat(cols[i] - width(cell))).join('  ').trimEnd());
        if (page.nextCursor) console.log(`… more: use --limit to see more`);
      } finally {
        await database.close();
      }
    });
}
