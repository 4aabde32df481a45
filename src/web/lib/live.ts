import { useEffect, useRef } from 'react';

// Live updates from the server (GET /api/v1/live, Server-Sent Events). One
// EventSource is shared by every component that listens; it opens with the
// first listener, closes with the last, and reconnects on its own — with a
// growing delay when the server refused it (e.g. after a restart or logout).
// Each message is {"topic", "payload"}; payloads carry ids, so a listener
// usually refetches (invalidates a query) rather than reading data from them.
// After every (re)connect listeners of 'live.ready' are called, so a view can
// refetch what it may have missed while disconnected.

type Listener = (payload: any) => void;

const listeners = new Map<string, Set<Listener>>();
let source: EventSource | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retryMs = 1000;

function dispatch(topic: string, payload: unknown) {
  for (const fn of listeners.get(topic) ?? []) {
    try {
      fn(payload);
    } catch (err) {
      console.error('[live] listener failed', err);
    }
  }
}

function open() {
  if (source || typeof EventSource === 'undefined') return;
  const es = new EventSource('/api/v1/live', { withCredentials: true });
  source = es;
  es.onmessage = (e) => {
    let msg: { topic?: string; payload?: unknown };
    try {
      msg = JSON.parse(e.data);
    } catch {
      return;
    }
    if (typeof msg.topic !== 'string') return;
    if (msg.topic === 'live.ready') retryMs = 1000;
    dispatch(msg.topic, msg.payload);
  };
  es.onerror = () => {
    // The browser retries a dropped stream by itself; a refused one (CLOSED) is ours to retry.
    if (es.readyState !== EventSource.CLOSED) return;
    es.close();
    if (source === es) source = undefined;
    scheduleRetry();
  };
}

function scheduleRetry() {
  if (retryTimer || listenerCount() === 0) return;
  retryTimer = setTimeout(() => {
    retryTimer = undefined;
    if (listenerCount() > 0) open();
  }, retryMs);
  retryMs = Math.min(retryMs * 2, 30_000);
}

function close() {
  source?.close();
  source = undefined;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = undefined;
}

function listenerCount() {
  let n = 0;
  for (const set of listeners.values()) n += set.size;
  return n;
}

/** Subscribe outside React; returns the unsubscribe function. */
export function subscribeLive(topic: string, fn: Listener): () => void {
  let set = listeners.get(topic);
  if (!set) listeners.set(topic, (set = new Set()));
  set.add(fn);
  open();
  return () => {
    set!.delete(fn);
    if (set!.size === 0) listeners.delete(topic);
    if (listenerCount() === 0) close();
  };
}

/** Call `onEvent` with the payload of every live event of `topic` addressed to the logged-in user. */
export function useLive(topic: string, onEvent: (payload: any) => void): void {
  const ref = useRef(onEvent);
  ref.current = onEvent;
  useEffect(() => subscribeLive(topic, (payload) => ref.current(payload)), [topic]);
}
