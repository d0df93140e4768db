import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { getJson } from './api/client';
import type { ProjectionsStatus, StoredEvent } from './api/types';
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
    void getJson<{ head: number }>('/events?limit=1').then(
      ({ head }) => {
        if (closed) return;
        const start = Math.max(0, head - BACKLOG);
        events = new EventSource(`/events/stream?after=${start}`);
        events.onopen = () => setConnected((c) => ({ ...c, events: true }));
        events.onerror = () => setConnected((c) => ({ ...c, events: false }));
        const receive = (message: MessageEvent<string>) => {
          const event = JSON.parse(message.data) as StoredEvent;
          setTail((t) => (t.some((e) => e.position === event.position) ? t : [event, ...t].slice(0, TAIL)));
          // Events up to the head were already read by the views' first load.
          if (event.position > head) setSeen((s) => ({ ...s, [event.streamType]: Math.max(s[event.streamType] ?? 0, event.position) }));
        };
        // Each SSE message is named by its event type (`event:`): listen to every type there is.
        for (const type of EVENT_TYPES) events.addEventListener(type, receive as EventListener);
      },
      () => setConnected((c) => ({ ...c, events: false })),
    );
    return () => {
      closed = true;
      events?.close();
    };
  }, []);

  return <LiveContext.Provider value={{ tail, projections, seen, connected }}>{children}</LiveContext.Provider>;
}
