import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { LiveProvider } from './live';
import { hrefOf, type Route, useRoute } from './router';
import './styles.css';
import { BoardView } from './views/board';
import { ChangesView } from './views/changes';
import { CorridorsView } from './views/corridors';
import { HistoryView } from './views/history';
import { LiveStatusPill, LiveView } from './views/live';
import { TimelineView } from './views/timeline';

const VIEWS = [
  ['board', 'Board'],
  ['corridors', 'Corridors'],
  ['timeline', 'Timeline'],
  ['changes', 'What changed'],
  ['live', 'Live'],
] as const;

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'corridors':
      return <CorridorsView route={route} />;
    case 'timeline':
      return <TimelineView route={route} />;
    case 'changes':
      return <ChangesView route={route} />;
    case 'live':
      return <LiveView />;
    case 'history':
      // One view per stream: another stream's history never shows under this one's heading while it loads.
      return <HistoryView key={route.rest} route={route} />;
    default:
      return <BoardView route={route} />;
  }
}

function App() {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  // Time travel follows the reader from the board to the corridors and back.
  const asOf = route.params.get('asOf') ?? undefined;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // A new view starts at the top, with the keyboard focus on its content.
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [route.view, route.rest]);
  useEffect(() => {
    const name = VIEWS.find(([view]) => view === route.view)?.[1] ?? (route.view === 'history' ? `History of ${route.rest}` : 'Board');
    document.title = `${name} · policy-ledger`;
  }, [route.view, route.rest]);

  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => {
          e.preventDefault();
          main.current?.focus();
        }}>
        Skip to content
      </a>
      <header class="site-header">
        <div class="site-header-inner">
          <a class="brand" href="#/board">
            <span class="brand-mark" aria-hidden="true" />
            policy-ledger
          </a>
          <nav aria-label="Views">
            <ul>
              {VIEWS.map(([view, label]) => (
                <li key={view}>
                  <a href={hrefOf(view, view === 'board' || view === 'corridors' ? { asOf } : {})} aria-current={route.view === view ? 'page' : undefined}>
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <LiveStatusPill />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <View route={route} />
      </main>
      <footer class="site-footer">
        <p>
          Read from the public HTTP API (<a href="/docs">documented at /docs</a>) and its Server-Sent Event streams. Hover or select a figure for its sources.
        </p>
      </footer>
    </>
  );
}

const root = document.getElementById('app');
if (root) {
  render(
    <LiveProvider>
      <App />
    </LiveProvider>,
    root,
  );
}
