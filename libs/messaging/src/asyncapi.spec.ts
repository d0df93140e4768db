import { Parser } from '@asyncapi/parser';
import { eventCatalogue, streamTypes } from '@policy-ledger/contracts';
import { readFile } from 'node:fs/promises';
import { ASYNCAPI_PATH, generateAsyncApi } from '../../../scripts/asyncapi';

/** Errors (0) and warnings (1) of the AsyncAPI parser; info and hints are left out. */
async function problems(text: string) {
  const { document, diagnostics } = await new Parser().parse(text);
  return { document, problems: diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`) };
}

describe('the AsyncAPI document of the Kafka topics (docs/asyncapi.json)', () => {
  let committed: string;
  beforeAll(async () => (committed = await readFile(ASYNCAPI_PATH, 'utf8')));

  it('is what the generator makes from the event catalogue now (run `npm run asyncapi` when this fails)', async () => {
    expect(committed).toBe(await generateAsyncApi());
  });

  it('is a valid AsyncAPI 3.0 document according to the AsyncAPI parser', async () => {
    const parsed = await problems(committed);
    expect(parsed.problems).toEqual([]);
    expect(parsed.document?.version()).toBe('3.0.0');
  });

  it('describes a topic per stream type, keyed by stream id, with every event of the catalogue and its CloudEvents headers', async () => {
    const { document } = await problems(committed);
    const addresses = document?.channels().all().map((channel) => channel.address());
    expect(addresses).toEqual([...streamTypes.map((type) => `policy-ledger.${type}s.v1`), 'policy-ledger.dead-letter.v1']);
    const messageNames = document?.messages().all().map((message) => message.name()).filter((name) => name !== 'DeadLetter');
    expect(messageNames?.sort()).toEqual(Object.keys(eventCatalogue).sort());
    const shipmentReported = document?.messages().all().find((message) => message.name() === 'ShipmentReported');
    expect(shipmentReported?.headers()?.properties()?.ce_type?.const()).toBe('policy-ledger.ShipmentReported.v1');
    expect(shipmentReported?.headers()?.required()).toEqual(expect.arrayContaining(['ce_id', 'ce_specversion', 'ce_source', 'ce_position']));
    expect(shipmentReported?.payload()?.required()).toEqual(expect.arrayContaining(['supplier', 'recipient', 'items']));
  });

  it('is checked for real: the parser rejects a broken payload schema', async () => {
    const broken = JSON.parse(committed);
    broken.components.schemas.ShipmentReportedV1.type = 42;
    expect((await problems(JSON.stringify(broken))).problems.length).toBeGreaterThan(0);
  });
});
