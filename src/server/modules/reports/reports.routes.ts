import { z } from '@hono/zod-openapi';
import { BreachPage, BreachQuery, ComplianceQuery, ComplianceReport } from '../../../shared/reports';
import { actorOf, json, route, router } from '../../platform/http';
import { toCsv, toXlsx } from './report-export';
import * as reports from './reports.service';

// /reports — compliance reporting (issue 3, item 6).

export const reportRoutes = router();

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const BASIS = 'Counts the cases CREATED in the period (whole days in Asia/Shanghai, `from`–`to` inclusive) that a service commitment covers, '
  + 'inside the caller\'s org subtree; cancelled and merged cases are left out. Per target: met, breached (a running clock past its due instant '
  + 'counts as breached), running (undecided), % met = met ÷ (met + breached); median and 90th percentile of the minutes the clock counted '
  + 'until the target was reached (business minutes on a business clock). groupBy: commitment, site (where the case was received), team (the '
  + 'group holding the case, else its owner\'s org unit), person (the owner), first_responder (首问负责人). Callbacks: the tasks of the same cases; '
  + 'reach rate = completed ÷ closed (completed, unreachable, refused). `format=csv` (UTF-8 with BOM) or `xlsx` downloads the same table.';

reportRoutes
  .openapi(
    route({ method: 'get', path: '/reports/sla-compliance', tags: ['reports'], permission: 'report:read',
      summary: 'Service commitment compliance (服务承诺达成) per commitment, site, team, person or first responder over a period',
      description: BASIS, request: { query: ComplianceQuery },
      responses: {
        200: {
          description: 'The report (JSON), or the same table as CSV or XLSX',
          content: {
            'application/json': { schema: ComplianceReport },
            'text/csv': { schema: z.string() },
            [XLSX]: { schema: z.string().openapi({ format: 'binary' }) },
          },
        },
      } }),
    async (c) => {
      const { format, ...q } = c.req.valid('query');
      const locale = c.get('locale');
      const report = await reports.complianceReport(c.get('deps').database.db, actorOf(c), q, locale);
      if (format === 'json') return c.json(report, 200);
      const name = `sla-compliance-${q.groupBy}-${q.from}-${q.to}.${format}`;
      const body = format === 'csv' ? toCsv(report, locale) : await toXlsx(report, locale);
      return c.body(new Uint8Array(body), 200, {
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX,
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
      }) as never;
    },
  )
  .openapi(
    route({ method: 'get', path: '/reports/sla-compliance/breaches', tags: ['reports'], permission: 'report:read',
      summary: 'The breached targets behind a compliance figure: cases with number, subject, target, due instant and how late (keyset-paged)',
      description: 'Same period, scope and filters as the report; `group` is a group key from it ("none" for cases without one), `target` one target.',
      request: { query: BreachQuery }, responses: { 200: json(BreachPage) } }),
    async (c) => {
      const q = c.req.valid('query');
      reports.assertGroupKey(q.group);
      return c.json(await reports.listBreaches(c.get('deps').database.db, actorOf(c), q, c.get('locale')), 200);
    },
  );
