import { z } from '@hono/zod-openapi';
import {
  CallbackAttemptInput, CallbackDetailOutput, CallbackListQuery, CallbackPage, CallbackRuleInput, CallbackRuleList, CallbackRuleOutput,
  CallbackRuleUpdate, CallbackSummary, CallbackTaskOutput,
} from '../../../shared/callbacks';
import { actorOf, IdParam, json, jsonBody, route, router } from '../../platform/http';
import * as callbacks from './callbacks.service';

// /callbacks — the callback queue (回访) and its calls; /callback-rules — which resolved cases get one.

const Ok = z.object({ ok: z.literal(true) });
const NextOutput = z.object({ task: CallbackTaskOutput.nullable() });

export const callbackRoutes = router();

callbackRoutes
  .openapi(
    route({ method: 'get', path: '/callbacks', tags: ['callbacks'], permission: 'callback:work',
      summary: 'The callback queue of my org subtree (state=open: most urgent first) or finished callbacks (state=done: newest first)',
      request: { query: CallbackListQuery }, responses: { 200: json(CallbackPage) } }),
    async (c) => c.json(await callbacks.listTasks(c.get('deps').database.db, actorOf(c), c.req.valid('query'), new Date()), 200),
  )
  .openapi(
    route({ method: 'get', path: '/callbacks/summary', tags: ['callbacks'], permission: 'callback:work',
      summary: 'Open, overdue, due today and claimed-by-me counts', responses: { 200: json(CallbackSummary) } }),
    async (c) => c.json(await callbacks.summary(c.get('deps').database.db, actorOf(c), new Date()), 200),
  )
  .openapi(
    route({ method: 'post', path: '/callbacks/next', tags: ['callbacks'], permission: 'callback:work',
      summary: 'Claim the next call to make (my claimed task first, else the most urgent callable one); task null when there is none',
      responses: { 200: json(NextOutput) } }),
    async (c) => c.json({ task: await callbacks.nextTask(c.get('deps').database.db, actorOf(c), new Date()) }, 200),
  )
  .openapi(
    route({ method: 'get', path: '/callbacks/{id}', tags: ['callbacks'], permission: 'callback:work',
      summary: 'The call screen: task, attempts, case summary, customer with masked phone numbers',
      request: { params: IdParam }, responses: { 200: json(CallbackDetailOutput) } }),
    async (c) => c.json(await callbacks.getTask(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, new Date()), 200),
  )
  .openapi(
    route({ method: 'post', path: '/callbacks/{id}/claim', tags: ['callbacks'], permission: 'callback:work',
      summary: 'Claim a task (409 when another agent holds it; a claim lapses after 30 minutes without an attempt)',
      request: { params: IdParam }, responses: { 200: json(CallbackTaskOutput) } }),
    async (c) => c.json(await callbacks.claimTask(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, new Date()), 200),
  )
  .openapi(
    route({ method: 'post', path: '/callbacks/{id}/release', tags: ['callbacks'], permission: 'callback:work',
      summary: 'Give a claimed task back to the queue', request: { params: IdParam }, responses: { 200: json(CallbackTaskOutput) } }),
    async (c) => c.json(await callbacks.releaseTask(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, new Date()), 200),
  )
  .openapi(
    route({ method: 'post', path: '/callbacks/{id}/attempts', tags: ['callbacks'], permission: 'callback:work',
      summary: 'Record a call: reached (with resolved yes/no, satisfaction 1–5, comment), no_answer, wrong_number or refused. Not resolved reopens the case and notifies its owner and first responder',
      request: { params: IdParam, ...jsonBody(CallbackAttemptInput) }, responses: { 200: json(CallbackTaskOutput) } }),
    async (c) => c.json(await callbacks.recordAttempt(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json'), new Date()), 200),
  )
  .openapi(
    route({ method: 'get', path: '/callback-rules', tags: ['callbacks'], permission: 'callback:manage',
      summary: 'Callback rules. The most specific active rule covering a resolved case applies: deepest category, then one naming case types, then the oldest',
      responses: { 200: json(CallbackRuleList) } }),
    async (c) => c.json(await callbacks.listRules(c.get('deps').database.db, actorOf(c)), 200),
  )
  .openapi(
    route({ method: 'post', path: '/callback-rules', tags: ['callbacks'], permission: 'callback:manage',
      summary: 'Add a callback rule', request: jsonBody(CallbackRuleInput), responses: { 201: json(CallbackRuleOutput, 'Created') } }),
    async (c) => c.json(await callbacks.createRule(c.get('deps').database.db, actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'patch', path: '/callback-rules/{id}', tags: ['callbacks'], permission: 'callback:manage',
      summary: 'Change a callback rule (send the version you read)', request: { params: IdParam, ...jsonBody(CallbackRuleUpdate) },
      responses: { 200: json(CallbackRuleOutput) } }),
    async (c) => c.json(await callbacks.updateRule(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'delete', path: '/callback-rules/{id}', tags: ['callbacks'], permission: 'callback:manage',
      summary: 'Delete a callback rule (its tasks stay)', request: { params: IdParam }, responses: { 200: json(Ok) } }),
    async (c) => {
      await callbacks.deleteRule(c.get('deps').database.db, actorOf(c), c.req.valid('param').id);
      return c.json({ ok: true as const }, 200);
    },
  );
