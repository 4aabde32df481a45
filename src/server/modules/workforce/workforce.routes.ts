import {
  ErlangAInput, ErlangAOutput, ErlangBInput, ErlangBOutput, ErlangCInput, ErlangCOutput, ErlangCapacityInput,
  ErlangCapacityOutput, ErlangStaffInput, ErlangStaffOutput,
} from '../../../shared/workforce';
import { json, jsonBody, route, router } from '../../platform/http';
import {
  calculateCapacity, calculateErlangA, calculateErlangB, calculateErlangC, calculateStaff, erlangAppError,
} from './erlang.service';

// /workforce/erlang/* — the Erlang calculator (issue 4, items 3–4): pure computations, no data
// read or written, open to any logged-in user. Refusals: 422 for bad input, 409 with reason
// erlang_target_unreachable or erlang_queue_unstable when no staffing can do what is asked.

/** Run a calculation, turning the domain's refusals into API errors. */
function calc<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw erlangAppError(err);
  }
}

const tags = ['workforce'];

export const workforceRoutes = router()
  .openapi(
    route({ method: 'post', path: '/workforce/erlang/b', tags, permission: 'authenticated',
      summary: 'Erlang B: blocking probability for trafficErlangs offered to lines (lost calls, no queue)',
      request: jsonBody(ErlangBInput), responses: { 200: json(ErlangBOutput) } }),
    (c) => c.json(calc(() => calculateErlangB(c.req.valid('json'))), 200),
  )
  .openapi(
    route({ method: 'post', path: '/workforce/erlang/c', tags, permission: 'authenticated',
      summary: 'Erlang C: probability of waiting, service level within targetSeconds, ASA, occupancy and mean queue for a number of agents',
      request: jsonBody(ErlangCInput), responses: { 200: json(ErlangCOutput) } }),
    (c) => c.json(calc(() => calculateErlangC(c.req.valid('json'))), 200),
  )
  .openapi(
    route({ method: 'post', path: '/workforce/erlang/a', tags, permission: 'authenticated',
      summary: 'Erlang A (callers abandon after a mean patience): probability of waiting and of abandoning, service level (answered within targetSeconds over all offered calls), ASA of answered calls, occupancy',
      request: jsonBody(ErlangAInput), responses: { 200: json(ErlangAOutput) } }),
    (c) => c.json(calc(() => calculateErlangA(c.req.valid('json'))), 200),
  )
  .openapi(
    route({ method: 'post', path: '/workforce/erlang/staff', tags, permission: 'authenticated',
      summary: 'Agents needed: the smallest number meeting every target (service level, ASA, maximum occupancy); Erlang A when patienceSeconds is given; scheduled headcount after shrinkage; the service-level curve around it',
      request: jsonBody(ErlangStaffInput), responses: { 200: json(ErlangStaffOutput) } }),
    (c) => c.json(calc(() => calculateStaff(c.req.valid('json'))), 200),
  )
  .openapi(
    route({ method: 'post', path: '/workforce/erlang/capacity', tags, permission: 'authenticated',
      summary: 'The most traffic a number of agents can take within the targets, in erlangs and in calls per periodSeconds',
      request: jsonBody(ErlangCapacityInput), responses: { 200: json(ErlangCapacityOutput) } }),
    (c) => c.json(calc(() => calculateCapacity(c.req.valid('json'))), 200),
  );
