import { describe, expect, it } from 'vitest';
import { describeFailure, registerJob, registeredJobs } from './jobs';

describe('jobs', () => {
  it('describes a failure by class and code only, never by its message', () => {
    const e = Object.assign(new Error('customer 13800138000 not found'), { code: '23505' });
    expect(describeFailure(e)).toBe('Error 23505');
    const wrapped = new Error('outer', { cause: Object.assign(new TypeError('secret'), { code: 'ECONNRESET' }) });
    expect(describeFailure(wrapped)).toBe('Error (cause: TypeError ECONNRESET)');
    expect(describeFailure('just a string')).toBe('string');
  });

  it('refuses nameless jobs and periods under 100 ms, and replaces a job registered twice', () => {
    expect(() => registerJob({ name: '', everyMs: 1000, run: async () => undefined })).toThrow();
    expect(() => registerJob({ name: 'unit-too-fast', everyMs: 10, run: async () => undefined })).toThrow();
    const first = async () => undefined;
    const second = async () => undefined;
    registerJob({ name: 'unit-twice', everyMs: 1000, run: first });
    registerJob({ name: 'unit-twice', everyMs: 2000, run: second });
    const jobs = registeredJobs().filter((j) => j.name === 'unit-twice');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ everyMs: 2000 });
    expect(jobs[0].run).toBe(second);
  });
});
