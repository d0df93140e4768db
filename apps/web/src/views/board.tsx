import { getPages, query } from '../api/client';
import type { Board, Package } from '../api/types';
import { useResource } from '../api/use-resource';
import { PackageCard, UnbundledRequest } from '../components/package-card';
import { TimeTravel } from '../components/time-travel';
import { useLive } from '../live';
import { countryName, recipientCountries } from '../model/format';
import { type Route, setParams } from '../router';
import { LoadError } from '../components/load-error';

const mergeBoards = (all: Board, page: Board): Board => ({ ...all, packages: [...all.packages, ...page.packages], unbundledAidRequests: [...all.unbundledAidRequests, ...page.unbundledAidRequests] });

/** The negotiations board: every package and every request in no package, live or as of a time. */
export function BoardView({ route }: { route: Route }) {
  const asOf = route.params.get('asOf') ?? undefined;
  const recipient = route.params.get('recipient') ?? undefined;
  const { seen } = useLive();
  const moved = Math.max(seen['package'] ?? 0, seen['aid-request'] ?? 0);
  // Live: reload when a package or aid request event arrives, waiting for the board to apply it.
  const path = `/negotiations${query(asOf ? { asOf, limit: 200 } : { minPosition: moved || undefined, limit: 200 })}`;
  const board = useResource(path, asOf ? 0 : moved, (page, signal) => getPages<Board>(page, mergeBoards, signal));
  const data = board.data;
  // As the API's own recipient filter: a state named at any stage (requested, a bill version), alone or in a group, or in a floated addition.
  const named = (p: Package) => [...p.amountsByStage.filter((s) => s.stage !== 'assessment').flatMap((s) => s.lines.map((l) => l.recipient)), ...p.proposedAdditions.flatMap((c) => c.recipient ?? [])].flatMap(recipientCountries);
  const recipients = [...new Set([...(data?.packages.flatMap(named) ?? []), ...(data?.unbundledAidRequests.flatMap((r) => r.lines.flatMap((l) => recipientCountries(l.recipient))) ?? [])])].sort((a, b) =>
    countryName(a).localeCompare(countryName(b)),
  );
  const packages = data?.packages.filter((p) => !recipient || named(p).includes(recipient)) ?? [];
  const unbundled = data?.unbundledAidRequests.filter((r) => !recipient || r.lines.some((l) => recipientCountries(l.recipient).includes(recipient))) ?? [];

  return (
    <section aria-labelledby="board-title" aria-busy={board.loading}>
      <div class="view-header">
        <h2 id="board-title">Negotiations board</h2>
        <p class="muted">Where each aid package stands in the legislature: its path through the chambers, its bills, amounts and the positions taken.</p>
      </div>
      <TimeTravel what="the board" asOf={asOf} position={data?.position} onChange={(value) => setParams(route, { asOf: value })} />
      <div class="toolbar">
        <label for="board-recipient">Aid for</label>
        <select id="board-recipient" value={recipient ?? ''} onChange={(e) => setParams(route, { recipient: e.currentTarget.value || undefined })}>
          <option value="">every recipient</option>
          {recipients.map((r) => (
            <option key={r} value={r}>
              {countryName(r)}
            </option>
          ))}
        </select>
        <span class="muted small" aria-live="polite">
          {data ? `${packages.length} ${packages.length === 1 ? 'package' : 'packages'}, ${unbundled.length} ${unbundled.length === 1 ? 'request' : 'requests'} in no package${data.more ? ' (the first; choose a recipient to see others)' : ''}` : ''}
        </span>
      </div>
      <LoadError error={board.error} what="Could not load the board" />
      {data && packages.length === 0 && unbundled.length === 0 && (
        <p class="empty">{asOf ? 'The ledger knew of no package or aid request at that time.' : 'No package or aid request yet. Post one through the API (see /docs) or seed a fixture with npm run seed.'}</p>
      )}
      <div class="packages">
        {packages.map((p) => (
          <PackageCard key={p.id} pkg={p} />
        ))}
      </div>
      {unbundled.length > 0 && (
        <>
          <h3 class="section-title">Requests in no package</h3>
          <div class="requests">
            {unbundled.map((r) => (
              <UnbundledRequest key={r.id} request={r} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
