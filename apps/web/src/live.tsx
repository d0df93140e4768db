import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from './api/client';
import type { EventsPage, ProjectionsStatus, StoredEvent } from './api/types';
import { EVENT_TYPES } from './model/event-types';

/** How many of the latest events the live tail keeps. */
const TAIL = 30;
/** How many events before the head the tail shows on opening. */
const BACKLOG = 12;

export interface Live {
  /** The newest events, newest first. */
  readonly tail: readonly StoredEvent[];
  readonly projections: ProjectionsStatus | null;
  /** The last global position seen per stream type: a view reloads when its own moves. */
  readonly seen: Readonly<Record<string, number>>;
  readonly connected: { readonly events: boolean; readonly projections: boolean };
}

const LiveContext = createContext<Live>({ tail: [], projections: null, seen: {}, connected: { events: false, projections: false } });

export const useLive = () => useContext(LiveContext);

/**
 * The two Server-Sent Event streams every view listens to: /events/stream (each new event, from a
 * little before the head; the browser's EventSource resumes with Last-Event-ID by itself) and
 * /projections/stream (each read model's position and lag, pushed when they change). Nothing polls.
 */
export function LiveProvider({ children }: { children: ComponentChildren }) {
  const [tail, setTail] = useState<readonly StoredEvent[]>([]);
  const [seen, setSeen] = useState<Record<string, number>>({});
  const [projections, setProjections] = useState<ProjectionsStatus | null>(null);
  const [connected, setConnected] = useState({ events: false, projections: false });
  // Positions seen since the last flush: a burst of events (a catch-up, a seeded story) makes one
  // reload per view, a moment after the burst, not one per event.
  const pending = useRef<Record<string, number>>({});
  const flush = useRef<ReturnType<typeof setTimeout> | null>(null);
  const see = (event: StoredEvent) => {
    pending.current[event.streamType] = Math.max(pending.current[event.streamType] ?? 0, event.position);
    flush.current ??= setTimeout(() => {
      flush.current = null;
      const seenNow = pending.current;
      pending.current = {};
      setSeen((s) => {
        const next = { ...s };
        for (const [type, position] of Object.entries(seenNow)) next[type] = Math.max(next[type] ?? 0, position);
        return next;
      });
    }, 80);
  };

  useEffect(() => {
    const status = new EventSource('/projections/stream');
    status.addEventListener('projections', (message) => setProjections(JSON.parse((message as MessageEvent<string>).data) as ProjectionsStatus));
    status.onopen = () => setConnected((c) => ({ ...c, projections: true }));
    status.onerror = () => setConnected((c) => ({ ...c, projections: false }));
    return () => status.close();
  }, []);

  useEffect(() => {
    let events: EventSource | null = null;
    let closed = false;
    void getJson<EventsPage>('/events?limit=1').then(
      ({ head }) => {
        if (closed) return;
        const start = Math.max(0, head - BACKLOG);
        events = new EventSource(`/events/stream?after=${start}`);
        events.onopen = () => setConnected((c) => ({ ...c, events: true }));
        events.onerror = () => setConnected((c) => ({ ...c, events: false }));
        const receive = (message: MessageEvent<string>) => {
          const event = JSON.parse(message.data) as StoredEvent;
          setTail((t) => (t.some((e) => e.position === event.position) ? t : [event, ...t].slice(0, TAIL)));
          // The backlog counts too: an event may have landed between a view's first load and the head.
          see(event);
        };
        // Each SSE message is named by its event type (`event:`): listen to every type there is.
        for (const type of EVENT_TYPES) events.addEventListener(type, receive as EventListener);
      },
      () => setConnected((c) => ({ ...c, events: false })),
    );
    return () => {
      closed = true;
      events?.close();
      if (flush.current) clearTimeout(flush.current);
    };
  }, []);

  return <LiveContext.Provider value={{ tail, projections, seen, connected }}>{children}</LiveContext.Provider>;
}
